/** Compact, realistic GitHub payloads for integration tests. */
export const repository = {
  id: 1,
  name: 'api',
  full_name: 'Acme/API',
  html_url: 'https://github.com/Acme/API',
  default_branch: 'main',
  owner: { login: 'Acme' },
};
export const sender = { login: 'octocat', html_url: 'https://github.com/octocat', type: 'User' };

export function pushPayload(options: { branch?: string; commits?: number; forced?: boolean; message?: string; compare?: string } = {}) {
  const count = options.commits ?? 2;
  const commits = Array.from({ length: count }, (_, i) => ({
    id: `${(i + 1).toString(16).padStart(7, '0')}${'f'.repeat(33)}`,
    message: i === 0 && options.message ? options.message : `Commit number ${i + 1}\n\nbody`,
    timestamp: '2026-11-25T10:00:00Z',
    url: `https://github.com/Acme/API/commit/${i}`,
    author: { name: 'Octo', email: 'o@example.com', username: 'octocat' },
  }));
  return {
    ref: `refs/heads/${options.branch ?? 'main'}`,
    before: '0'.repeat(40),
    after: commits.at(-1)?.id ?? '1'.repeat(40),
    created: false,
    deleted: false,
    forced: options.forced ?? false,
    compare: options.compare ?? 'https://github.com/Acme/API/compare/000000...111111',
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: 'octocat', email: 'o@example.com' },
    repository,
    sender,
  };
}

export function pullRequestPayload(options: { action?: string; title?: string; labels?: string[]; author?: string; merged?: boolean } = {}) {
  const user = { login: options.author ?? 'octocat', html_url: `https://github.com/${options.author ?? 'octocat'}`, type: 'User' };
  return {
    action: options.action ?? 'opened',
    number: 7,
    pull_request: {
      number: 7,
      title: options.title ?? 'Add a thing',
      html_url: 'https://github.com/Acme/API/pull/7',
      state: options.action === 'closed' ? 'closed' : 'open',
      merged: options.merged ?? false,
      draft: false,
      body: 'Description',
      user,
      labels: (options.labels ?? []).map((name) => ({ name })),
      head: { ref: 'feature' },
      base: { ref: 'main' },
    },
    repository,
    sender: user,
  };
}
