import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { GITHUB_EVENT_SCHEMAS, githubPayloadProblem } from '../../src/sources/github/github-payload-schema.ts';
import { pullRequestPayload, pushPayload } from '../helpers/github-payloads.ts';

const require = createRequire(import.meta.url);
const corpus = require('@octokit/webhooks-examples') as Array<{ name: string; examples: unknown[] }>;

describe('GitHub payload validation (zod)', () => {
  it('accepts every example GitHub documents (@octokit/webhooks-examples)', () => {
    let count = 0;
    for (const { name, examples } of corpus) {
      for (const example of examples) {
        assert.equal(githubPayloadProblem(name, example), null, name);
        count++;
      }
    }
    assert.ok(count >= 329, `${count} examples`);
    const covered = new Set(corpus.map((c) => c.name));
    for (const event of Object.keys(GITHUB_EVENT_SCHEMAS)) assert.ok(covered.has(event), `${event} has examples`);
  });

  it('names the field a payload gets wrong', () => {
    const push = pushPayload() as Record<string, unknown>;
    assert.equal(githubPayloadProblem('push', push), null);
    assert.equal(githubPayloadProblem('push', { ...push, ref: 42 }), 'push payload: ref: Invalid input: expected string, received number');
    assert.match(githubPayloadProblem('push', { ...push, commits: [{ id: 1 }] }) ?? '', /^push payload: commits\.0\.id:/);
    assert.match(githubPayloadProblem('push', { ...push, repository: { full_name: 'no-slash' } }) ?? '', /repository\.full_name: expected "owner\/repo"/);
    const pr = pullRequestPayload() as { pull_request: Record<string, unknown> };
    assert.match(githubPayloadProblem('pull_request', { ...pr, pull_request: { ...pr.pull_request, number: '7' } }) ?? '', /pull_request\.number/);
    assert.match(githubPayloadProblem('pull_request', { ...pr, sender: 'octocat' }) ?? '', /sender/);
  });

  it('lets events it does not post through with any shape', () => {
    assert.equal(githubPayloadProblem('ping', { zen: 'Keep it logically awesome.' }), null);
    assert.equal(githubPayloadProblem('membership', { whatever: [1, 2] }), null);
  });
});
