import assert from 'node:assert/strict';
import { example, normalize, renderDiscord, renderSlack } from './github-fixtures.ts';

const RED = 0xcf222e;

function completedRun(conclusion: string): Record<string, unknown> {
  const payload = example('workflow_run', (p) => p.action === 'completed' &&
    (p.workflow_run as Record<string, unknown>).conclusion !== null);
  Object.assign(payload.workflow_run as object, {
    conclusion, status: 'completed', run_started_at: '2024-05-01T10:00:00Z', updated_at: '2024-05-01T10:03:25Z',
  });
  return payload;
}

describe('normalizeGithubEvent: releases, workflows, deployments, stars, forks, discussions', () => {
  it('shows a failed workflow run in red with branch, duration and run link', async () => {
    const event = normalize('workflow_run', completedRun('failure'));
    assert.equal(event.feature, 'workflows');
    assert.equal(event.data.color, 'failure');
    assert.match(event.summary, /Workflow \S+ #\d+ failed on master/);
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.equal(embed?.color, RED);
    assert.match(embed?.title ?? '', /failed on master/);
    assert.equal(embed?.fields?.find((f) => f.name === 'Duration')?.value, '3m 25s');
    assert.match(embed?.url ?? '', /^https:\/\/github\.com\/.+\/actions\/runs\/\d+$/);
    assert.equal(normalize('workflow_run', completedRun('success')).data.color, 'success');
  });

  it('does not post requested (unfinished) workflow runs', () => {
    const event = normalize('workflow_run', example('workflow_run', (p) => p.action === 'requested'));
    assert.equal(event.feature, null);
  });

  it('posts published releases with tag and link', async () => {
    const event = normalize('release', example('release', (p) => p.action === 'published'));
    assert.equal(event.feature, 'releases');
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.match(embed?.title ?? '', /Release 0\.0\.1 published/);
    assert.equal(embed?.fields?.find((f) => f.name === 'Tag')?.value, '`0.0.1`');
    assert.equal(normalize('release', example('release', (p) => p.action === 'edited')).feature, null);
  });

  it('maps deployment states to colours and drops empty target URLs', async () => {
    const payload = example('deployment_status');
    Object.assign(payload.deployment_status as object, { state: 'failure', target_url: '', environment_url: 'javascript:alert(1)' });
    const event = normalize('deployment_status', payload);
    assert.equal(event.feature, 'deployments');
    assert.equal(event.data.color, 'failure');
    assert.equal((event.data.deployment as Record<string, unknown>).url, null);
    const embed = (await renderDiscord(event))?.embeds[0];
    assert.match(embed?.title ?? '', /Deployment to production: failure/);
    assert.ok(!JSON.stringify(embed).includes('javascript:'));
  });

  it('posts new stars, forks and discussions, not unstars', async () => {
    const star = normalize('star', example('star', (p) => p.action === 'created'));
    assert.equal(star.feature, 'stars');
    assert.equal((star.data.star as Record<string, unknown>).stargazers_count, 1);
    assert.equal(normalize('star', example('star', (p) => p.action === 'deleted')).feature, null);

    const fork = normalize('fork', example('fork'));
    assert.equal(fork.feature, 'forks');
    assert.match((await renderSlack(fork))?.blocks.map((b) => JSON.stringify(b)).join('') ?? '',
      /<https:\/\/github.com\/Octocoders\/Hello-World\|Octocoders\/Hello-World>/);

    const discussion = normalize('discussion', example('discussion', (p) => p.action === 'created'));
    assert.equal(discussion.feature, 'discussions');
    assert.equal((discussion.data.discussion as Record<string, unknown>).category, 'General');
    assert.equal(normalize('discussion', example('discussion', (p) => p.action === 'edited')).feature, null);
  });

  it('stores ping without a feature', () => {
    const event = normalize('ping', example('ping'));
    assert.equal(event.feature, null);
    assert.ok(event.summary.length > 0);
  });
});
