/** Small, realistic GitHub payloads for `hookbridge sample github <event>`. */
const repo = {
  id: 1296269,
  name: 'api',
  full_name: 'acme/api',
  private: false,
  html_url: 'https://github.com/acme/api',
  default_branch: 'main',
  owner: { login: 'acme', html_url: 'https://github.com/acme' },
  stargazers_count: 42,
  forks_count: 7,
};
const sender = { login: 'octocat', html_url: 'https://github.com/octocat', type: 'User' };
const now = () => new Date().toISOString();

function commit(i: number, message: string) {
  const id = `${(0xabc1230 + i).toString(16)}${'0'.repeat(33)}`;
  return {
    id,
    message,
    timestamp: now(),
    url: `https://github.com/acme/api/commit/${id}`,
    author: { name: 'Octo Cat', email: 'octocat@example.com', username: 'octocat' },
  };
}

const pullRequest = (action: string, merged = false) => ({
  action,
  number: 42,
  pull_request: {
    number: 42,
    title: 'Add rate limiting to the public API',
    html_url: 'https://github.com/acme/api/pull/42',
    state: action === 'closed' ? 'closed' : 'open',
    merged,
    draft: false,
    body: 'Adds a token bucket per client.\n\nCloses #41.',
    user: sender,
    labels: [{ name: 'enhancement' }],
    head: { ref: 'feature/rate-limit' },
    base: { ref: 'main' },
    additions: 120,
    deletions: 8,
    changed_files: 5,
  },
  repository: repo,
  sender,
});

export const GITHUB_SAMPLES: Record<string, () => Record<string, unknown>> = {
  ping: () => ({ zen: 'Keep it logically awesome.', hook_id: 1, repository: repo, sender }),
  push: () => {
    const commits = [commit(1, 'Fix login redirect\n\nDetails here'), commit(2, 'Add tests for login'), commit(3, 'Bump version')];
    return {
      ref: 'refs/heads/main',
      before: 'a'.repeat(40),
      after: commits[2]!.id,
      created: false,
      deleted: false,
      forced: false,
      compare: 'https://github.com/acme/api/compare/aaaaaaaaaaaa...abc1233',
      commits,
      head_commit: commits[2],
      pusher: { name: 'octocat', email: 'octocat@example.com' },
      repository: repo,
      sender,
    };
  },
  pull_request: () => pullRequest('opened'),
  'pull_request.merged': () => ({ ...pullRequest('closed', true) }),
  issues: () => ({
    action: 'opened',
    issue: {
      number: 41,
      title: 'Public API has no rate limit',
      html_url: 'https://github.com/acme/api/issues/41',
      state: 'open',
      body: 'Anyone can hammer /search.',
      user: sender,
      labels: [{ name: 'bug' }],
    },
    repository: repo,
    sender,
  }),
  release: () => ({
    action: 'published',
    release: {
      tag_name: 'v1.4.0',
      name: 'v1.4.0',
      html_url: 'https://github.com/acme/api/releases/tag/v1.4.0',
      prerelease: false,
      draft: false,
      body: '- Rate limiting\n- Faster search',
      author: sender,
    },
    repository: repo,
    sender,
  }),
  star: () => ({ action: 'created', starred_at: now(), repository: repo, sender }),
};

export function githubSample(event: string): { eventName: string; payload: Record<string, unknown> } | null {
  const make = GITHUB_SAMPLES[event];
  if (!make) return null;
  return { eventName: event.split('.')[0]!, payload: make() };
}
