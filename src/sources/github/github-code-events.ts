/** push, create, delete: commits and refs. */
import type { JsonObject } from '../../events/normalized-event.ts';
import {
  firstLine, httpUrl, list, obj, requireStr, str,
  type GithubContext, type GithubEventParts, type Obj,
} from './payload-access.ts';

/** Commits listed in a push message; the rest are counted in `more_count`. */
export const MAX_LISTED_COMMITS = 10;

function commitItem(commit: Obj): JsonObject {
  const author = obj(commit.author);
  return {
    sha: (str(commit.id) ?? '').slice(0, 7),
    message: firstLine(commit.message),
    url: httpUrl(commit.url),
    author: str(author?.username) ?? str(author?.name),
  };
}

/**
 * Feature of a push. Only pushes that bring commits to a branch (or rewrite it) are 'commits'.
 * Tag pushes, branch deletions and new branches without commits are stored but not posted
 * (feature null): GitHub sends the same change as a `create`/`delete` event ('branches') and,
 * for tags, usually a `release` ('releases'), so posting the push too would say it twice.
 */
function pushFeature(isBranch: boolean, count: number, p: Obj): string | null {
  if (!isBranch || p.deleted === true) return null;
  return count > 0 || p.forced === true ? 'commits' : null;
}

export function normalizePush(ctx: GithubContext): GithubEventParts {
  const p = ctx.payload;
  const ref = requireStr(p, 'ref', 'push event');
  const isBranch = ref.startsWith('refs/heads/');
  const branch = isBranch ? ref.slice('refs/heads/'.length) : null;
  const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : null;
  const commits = list(p.commits).map(obj).filter((c): c is Obj => c !== null);
  const pusher = str(obj(p.pusher)?.name) ?? ctx.who;
  const forced = p.forced === true;
  const deleted = p.deleted === true;
  const n = commits.length;
  const refText = branch ?? tag ?? ref;
  const kind = tag === null ? 'branch' : 'tag';
  let summary: string;
  if (deleted) summary = `${pusher} deleted ${kind} ${refText}`;
  else if (tag !== null) summary = `${pusher} pushed tag ${tag}`;
  else if (forced && n === 0) summary = `${pusher} force-pushed ${refText}`; // reset to an earlier commit
  else summary = `${pusher} ${forced ? 'force-pushed' : 'pushed'} ${n} commit${n === 1 ? '' : 's'} to ${refText}`;
  const compare = httpUrl(p.compare);
  return {
    feature: pushFeature(isBranch, n, p),
    action: null,
    actor: ctx.sender ?? pusher,
    branch,
    summary,
    url: compare,
    color: forced ? 'warning' : deleted ? 'neutral' : 'info',
    data: {
      ref, branch, tag, pusher,
      commits: commits.slice(0, MAX_LISTED_COMMITS).map(commitItem),
      total_commits: n,
      more_count: Math.max(0, n - MAX_LISTED_COMMITS),
      compare_url: compare,
      forced, deleted,
      created: p.created === true,
      head_commit: obj(p.head_commit) ? commitItem(obj(p.head_commit) as Obj) : null,
    },
  };
}

/** create / delete of a branch or tag: feature 'branches' (GitHub's Slack app word). */
export function normalizeRefChange(ctx: GithubContext): GithubEventParts {
  const p = ctx.payload;
  const created = ctx.event === 'create';
  const ref = requireStr(p, 'ref', `${ctx.event} event`);
  const refType = requireStr(p, 'ref_type', `${ctx.event} event`);
  const isRef = refType === 'branch' || refType === 'tag';
  const refUrl = created && ctx.repoUrl ? `${ctx.repoUrl}/tree/${encodeURIComponent(ref).replace(/%2F/g, '/')}` : null;
  return {
    feature: isRef ? 'branches' : null,
    action: null,
    branch: refType === 'branch' ? ref : null,
    summary: `${ctx.who} ${created ? 'created' : 'deleted'} ${refType} ${ref}`,
    url: refUrl ?? ctx.repoUrl,
    color: created ? 'success' : 'neutral',
    data: { ref, ref_type: refType, ref_url: refUrl, created },
  };
}
