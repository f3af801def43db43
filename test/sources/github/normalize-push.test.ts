import assert from 'node:assert/strict';
import { example, normalize, renderDiscord, renderSlack } from './github-fixtures.ts';

function branchPush(commitCount: number): Record<string, unknown> {
  const payload = example('push', (p) => p.ref === 'refs/heads/master');
  const template = (payload.commits as Array<Record<string, unknown>>)[0];
  payload.commits = Array.from({ length: commitCount }, (_, i) => ({
    ...template,
    id: `${String(i).padStart(2, '0')}${'abcdef0123456789'.repeat(3)}`.slice(0, 40),
    message: `Commit number ${i}\n\nLonger description that must not be shown`,
    url: `https://github.com/Codertocat/Hello-World/commit/c${i}`,
  }));
  payload.compare = 'https://github.com/Codertocat/Hello-World/compare/aaa...bbb';
  payload.created = false;
  return payload;
}

describe('normalizeGithubEvent: push', () => {
  it('lists 10 commits as short SHA + first line, then "and 5 more", with the compare link', async () => {
    const event = normalize('push', branchPush(15));
    assert.equal(event.feature, 'commits');
    assert.equal(event.branch, 'master');
    assert.equal(event.defaultBranch, 'master');
    assert.equal(event.actor, 'Codertocat');
    assert.equal(event.summary, '[Codertocat/Hello-World] Codertocat pushed 15 commits to master');
    assert.equal(event.url, 'https://github.com/Codertocat/Hello-World/compare/aaa...bbb');
    assert.equal((event.data.commits as unknown[]).length, 10);
    assert.equal(event.data.more_count, 5);
    assert.equal(event.data.total_commits, 15);

    const discord = await renderDiscord(event);
    const description = discord?.embeds[0]?.description ?? '';
    for (let i = 0; i < 10; i++) assert.ok(description.includes(`Commit number ${i}`), `commit ${i}`);
    assert.ok(!description.includes('Commit number 10'));
    assert.ok(!description.includes('Longer description'));
    assert.ok(description.includes('[00abcde](<https://github.com/Codertocat/Hello-World/commit/c0>)'));
    assert.match(description, /and 5 more/);
    assert.ok(description.includes('(<https://github.com/Codertocat/Hello-World/compare/aaa...bbb>)'));
    assert.equal(discord?.embeds[0]?.url, 'https://github.com/Codertocat/Hello-World/compare/aaa...bbb');

    const slack = await renderSlack(event);
    const body = JSON.stringify(slack?.blocks);
    assert.equal((body.match(/\|\d\dabcde>/g) ?? []).length, 10);
    assert.match(body, /and 5 more/);
    assert.ok(body.includes('<https://github.com/Codertocat/Hello-World/compare/aaa...bbb|Compare changes>'));
  });

  it('says when a push was forced, in warning colour', async () => {
    const payload = branchPush(2);
    payload.forced = true;
    const event = normalize('push', payload);
    assert.equal(event.data.forced, true);
    assert.equal(event.data.color, 'warning');
    assert.match(event.summary, /force-pushed 2 commits to master/);
    const discord = await renderDiscord(event);
    assert.match(discord?.embeds[0]?.title ?? '', /force-pushed/);
    assert.equal(discord?.embeds[0]?.color, 0xbf8700);
    const slack = await renderSlack(event);
    assert.match(slack?.text ?? '', /force-pushed/);
  });

  it('posts a forced push that removed commits (no commits listed)', () => {
    const payload = branchPush(0);
    payload.forced = true;
    assert.equal(normalize('push', payload).feature, 'commits');
  });

  it('handles tag pushes: branch null, data.tag set, not posted (create/release say it)', async () => {
    const event = normalize('push', example('push', (p) => p.ref === 'refs/tags/simple-tag' && p.created === true));
    assert.equal(event.branch, null);
    assert.equal(event.data.tag, 'simple-tag');
    assert.equal(event.feature, null);
    assert.equal(event.summary, '[Codertocat/Hello-World] Codertocat pushed tag simple-tag');
    const discord = await renderDiscord(event);
    assert.equal(discord?.embeds[0]?.title, '[Codertocat/Hello-World] Codertocat pushed tag simple-tag');
  });

  it('does not post branch deletions or new branches without commits as commits', () => {
    const deleted = branchPush(0);
    deleted.deleted = true;
    assert.equal(normalize('push', deleted).feature, null);
    const created = branchPush(0);
    created.created = true;
    assert.equal(normalize('push', created).feature, null);
  });

  it('uses singular "commit" and keeps an odd payload without commits array', () => {
    const payload = branchPush(1);
    assert.match(normalize('push', payload).summary, /pushed 1 commit to master$/);
    delete payload.commits;
    delete payload.pusher;
    const event = normalize('push', payload);
    assert.equal(event.data.total_commits, 0);
    assert.equal(event.data.pusher, 'Codertocat');
  });

  it('normalizes create/delete of a branch as "branches" with the branch name', () => {
    const payload = example('create');
    payload.ref = 'feature/login';
    payload.ref_type = 'branch';
    const created = normalize('create', payload);
    assert.equal(created.feature, 'branches');
    assert.equal(created.branch, 'feature/login');
    assert.equal(created.url, 'https://github.com/Codertocat/Hello-World/tree/feature/login');
    const tagDeleted = normalize('delete', example('delete'));
    assert.equal(tagDeleted.feature, 'branches');
    assert.equal(tagDeleted.branch, null);
    assert.equal(tagDeleted.data.ref_type, 'tag');
  });
});
