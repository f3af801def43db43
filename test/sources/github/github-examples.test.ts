/** Every payload of @octokit/webhooks-examples: normalizes, renders on both platforms, within limits. */
import assert from 'node:assert/strict';
import { assertDiscordLimits, assertSlackLimits } from '../../helpers/platform-limits.ts';
import { GITHUB_HANDLERS } from '../../../src/sources/github/normalize-github.ts';
import { githubExamples, normalize, renderDiscord, renderSlack } from './github-fixtures.ts';

const FEATURES = new Set(['issues', 'pulls', 'commits', 'releases', 'deployments', 'reviews', 'comments',
  'branches', 'workflows', 'discussions', 'stars', 'forks']);

describe('GitHub webhook examples corpus', () => {
  it('holds the 329 payloads the other tests rely on', () => {
    assert.equal(githubExamples.reduce((n, d) => n + d.examples.length, 0), 329);
  });

  for (const definition of githubExamples) {
    it(`${definition.name}: every example normalizes and renders within limits`, async () => {
      for (const [i, payload] of definition.examples.entries()) {
        const where = `${definition.name}[${i}] ${String(payload.action ?? '')}`;
        const event = normalize(definition.name, payload);
        assert.equal(event.id, 'github:delivery-1');
        assert.equal(event.type, definition.name);
        assert.ok(event.summary.length > 0 && !event.summary.includes('\n'), `${where}: one-line summary`);
        assert.doesNotThrow(() => JSON.stringify(event), where);
        assert.deepEqual(JSON.parse(JSON.stringify(event)), event, `${where}: JSON-safe`);
        if (!Object.hasOwn(GITHUB_HANDLERS, definition.name)) {
          assert.equal(event.feature, null, `${where}: unsupported events are stored, not posted`);
          continue;
        }
        assert.ok(event.feature === null || FEATURES.has(event.feature), `${where}: feature ${event.feature}`);
        assert.equal(event.target, String((payload.repository as { full_name: string }).full_name).toLowerCase());
        const discord = await renderDiscord(event);
        const slack = await renderSlack(event);
        if (event.feature !== null) {
          assert.ok(discord?.embeds[0]?.title, `${where}: Discord title`);
          assert.ok(slack?.text, `${where}: Slack text`);
        }
        if (discord) assertDiscordLimits(discord);
        if (slack) {
          assertSlackLimits(slack);
          assert.equal(slack.unfurl_links, false);
          assert.equal(slack.unfurl_media, false);
        }
      }
    });
  }

  it('ping and events without a repository have no feature and an empty target', () => {
    for (const name of ['ping', 'installation', 'organization', 'security_advisory']) {
      const def = githubExamples.find((d) => d.name === name);
      assert.ok(def, name);
      for (const payload of def.examples) {
        const event = normalize(name, payload);
        assert.equal(event.feature, null, name);
        if (!payload.repository) assert.equal(event.target, '', name);
      }
    }
  });

  it('gives every supported event type at least one posted example', () => {
    const posted = new Set<string>();
    for (const d of githubExamples) {
      for (const p of d.examples) if (normalize(d.name, p).feature !== null) posted.add(d.name);
    }
    assert.deepEqual([...posted].sort(), Object.keys(GITHUB_HANDLERS).sort());
  });
});
