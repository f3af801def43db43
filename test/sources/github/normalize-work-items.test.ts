import assert from 'node:assert/strict';
import { GithubPayloadError } from '../../../src/sources/github/normalize-github.ts';
import { example, normalize, renderDiscord, renderSlack } from './github-fixtures.ts';

const PURPLE = 0x8250df;
const RED = 0xcf222e;

function mergedPr(): Record<string, unknown> {
  const payload = example('pull_request', (p) => p.action === 'closed');
  const pr = payload.pull_request as Record<string, unknown>;
  pr.merged = true;
  pr.merged_by = { login: 'bob', html_url: 'https://github.com/bob' };
  pr.labels = [{ name: 'bug' }, { name: 'ui' }];
  return payload;
}

describe('normalizeGithubEvent: pull requests, reviews, issues, comments', () => {
  it('shows an opened PR with number, title, author, state and link', async () => {
    const event = normalize('pull_request', example('pull_request', (p) => p.action === 'opened'));
    assert.equal(event.feature, 'pulls');
    assert.equal(event.action, 'opened');
    assert.equal(event.target, 'codertocat/hello-world');
    assert.equal(event.summary, '[Codertocat/Hello-World] PR #2 opened: Update the README with new information. (Codertocat)');
    assert.equal(event.url, 'https://github.com/Codertocat/Hello-World/pull/2');
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.equal(embed?.title, '[Codertocat/Hello-World] PR #2 opened: Update the README with new information.');
    assert.equal(embed?.url, 'https://github.com/Codertocat/Hello-World/pull/2');
    const author = embed?.fields?.find((f) => f.name === 'Author');
    assert.equal(author?.value, '[Codertocat](<https://github.com/Codertocat>)');
    assert.equal(embed?.fields?.find((f) => f.name === 'State')?.value, 'open');
    assert.match(embed?.description ?? '', /^> This is a pretty simple change/);
    const slack = await renderSlack(event);
    assert.equal((slack?.blocks[0] as { text: { text: string } }).text.text,
      '*<https://github.com/Codertocat/Hello-World/pull/2|[Codertocat/Hello-World] PR #2 opened: Update the README with new information.>*');
  });

  it('calls a merged PR merged, with the merged colour and labels', async () => {
    const event = normalize('pull_request', mergedPr());
    assert.equal(event.action, 'merged');
    assert.equal(event.feature, 'pulls');
    assert.deepEqual(event.labels, ['bug', 'ui']);
    assert.equal(event.data.color, 'merged');
    assert.equal((event.data.pull_request as Record<string, unknown>).state, 'merged');
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.match(embed?.title ?? '', /PR #2 merged:/);
    assert.equal(embed?.color, PURPLE);
    assert.match(embed?.description ?? '', /Merged by bob/);
    assert.equal(embed?.fields?.find((f) => f.name === 'Labels')?.value, 'bug, ui');
  });

  it('marks a PR closed without merging as a failure', async () => {
    const event = normalize('pull_request', example('pull_request', (p) => p.action === 'closed'));
    assert.equal(event.action, 'closed');
    assert.equal((await renderDiscord(event))?.embeds[0]?.color, RED);
  });

  it('posts only the PR actions GitHub\'s app posts', () => {
    for (const action of ['labeled', 'synchronize', 'assigned']) {
      const event = normalize('pull_request', example('pull_request', (p) => p.action === action));
      assert.equal(event.feature, null, action);
    }
    assert.equal(normalize('pull_request', example('pull_request', (p) => p.action === 'ready_for_review')).feature, 'pulls');
  });

  it('renders an approved review as a success with the reviewer', async () => {
    const payload = example('pull_request_review', (p) => p.action === 'submitted');
    Object.assign(payload.review as object, { state: 'approved', body: 'LGTM' });
    const event = normalize('pull_request_review', payload);
    assert.equal(event.feature, 'reviews');
    assert.equal(event.data.color, 'success');
    assert.match(event.summary, /Codertocat approved PR #\d+:/);
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.equal(embed?.color, 0x1f883d);
    assert.equal(embed?.description, '> LGTM');
    assert.equal(normalize('pull_request_review', example('pull_request_review', (p) => p.action === 'dismissed')).feature, null);
  });

  it('normalizes issues and comments (on issues and on PRs)', async () => {
    const opened = normalize('issues', example('issues', (p) => p.action === 'opened'));
    assert.equal(opened.feature, 'issues');
    assert.match(opened.summary, /^\[Codertocat\/Hello-World\] Issue #1 opened: Spelling error in the README file \(Codertocat\)$/);
    assert.equal(normalize('issues', example('issues', (p) => p.action === 'labeled')).feature, null);

    const payload = example('issue_comment', (p) => p.action === 'created');
    const comment = normalize('issue_comment', payload);
    assert.equal(comment.feature, 'comments');
    assert.equal((comment.data.issue as Record<string, unknown>).kind, 'issue');
    (payload.issue as Record<string, unknown>).pull_request = { url: 'https://api.github.com/x' };
    const onPr = normalize('issue_comment', payload);
    assert.match(onPr.summary, /commented on PR #1/);
    assert.match((await renderSlack(onPr))?.text ?? '', /commented on PR #1/);
  });

  it('strips HTML comments from bodies and keeps an excerpt of ~400 characters', () => {
    const payload = example('issues', (p) => p.action === 'opened');
    (payload.issue as Record<string, unknown>).body = `<!-- template: fill me -->\r\nReal text ${'x'.repeat(1000)}`;
    const body = ((normalize('issues', payload).data.issue as Record<string, unknown>).body as string);
    assert.ok(body.startsWith('Real text'));
    assert.ok(body.length <= 400 && body.endsWith('…'));
  });

  it('throws GithubPayloadError (400) for payloads missing what the event needs', () => {
    const noPr = example('pull_request');
    delete noPr.pull_request;
    assert.throws(() => normalize('pull_request', noPr), (e: unknown) => e instanceof GithubPayloadError && e.status === 400);
    const noRepo = example('issues');
    delete noRepo.repository;
    assert.throws(() => normalize('issues', noRepo), GithubPayloadError);
    const noRef = example('push');
    delete noRef.ref;
    assert.throws(() => normalize('push', noRef), /push event without "ref"/);
    assert.throws(() => normalize('push', 'not an object'), GithubPayloadError);
    assert.throws(() => normalize('push', [1, 2]), GithubPayloadError);
  });

  it('accepts odd-but-valid payloads (nulls, missing optional fields, unknown events)', async () => {
    const payload = example('pull_request', (p) => p.action === 'opened');
    Object.assign(payload.pull_request as object, { title: null, body: null, user: null, labels: 'x', head: null });
    delete payload.sender;
    const event = normalize('pull_request', payload);
    assert.equal(event.actor, null);
    assert.deepEqual(event.labels, []);
    assert.match((await renderDiscord(event))?.embeds[0]?.title ?? '', /PR #2 opened/);
    assert.ok(await renderSlack(event));
    assert.equal(normalize('something_new', { action: 'done' }).feature, null);
    assert.equal(normalize('something_new', { action: 'done' }).target, '');
  });
});
