/** pull_request, pull_request_review, issues, issue_comment, discussion. */
import type { MessageColor } from '../../rendering/message.ts';
import {
  excerpt, httpUrl, labelNames, login, num, obj, oneLine, person, requireObj, str,
  type GithubContext, type GithubEventParts, type Obj,
} from './payload-access.ts';
import { GithubPayloadError } from './github-payload-error.ts';

function numbered(thing: Obj, what: string): number {
  const n = num(thing.number);
  if (n === null) throw new GithubPayloadError(`${what} without "number"`);
  return n;
}

type WorkItem = {
  number: number; title: string; url: string | null; author: string | null; author_url: string | null;
  state: string | null; body: string; labels: string[];
};

/** Fields shared by issues, pull requests and discussions. */
function workItem(thing: Obj, what: string): WorkItem {
  const author = person(thing.user);
  return {
    number: numbered(thing, what),
    title: oneLine(thing.title),
    url: httpUrl(thing.html_url),
    author: author.login,
    author_url: author.url,
    state: str(thing.state),
    body: excerpt(thing.body),
    labels: labelNames(thing.labels),
  };
}

const words = (action: string | null): string => (action ?? 'updated').replace(/_/g, ' ');

const PR_ACTIONS = ['opened', 'closed', 'reopened', 'ready_for_review'];

export function normalizePullRequest(ctx: GithubContext): GithubEventParts {
  const pr = requireObj(ctx.payload, 'pull_request', 'pull_request');
  const merged = pr.merged === true;
  const draft = pr.draft === true;
  const action = ctx.action === 'closed' && merged ? 'merged' : ctx.action;
  const item = workItem(pr, 'pull_request');
  let color: MessageColor = 'neutral';
  if (action === 'merged') color = 'merged';
  else if (action === 'closed') color = 'failure';
  else if (action === 'opened' || action === 'reopened' || action === 'ready_for_review') color = draft ? 'neutral' : 'info';
  return {
    feature: PR_ACTIONS.includes(ctx.action ?? '') ? 'pulls' : null,
    action,
    labels: item.labels,
    summary: `PR #${item.number} ${words(action)}: ${item.title} (${ctx.who})`,
    url: item.url,
    color,
    data: {
      pull_request: {
        ...item,
        state: merged ? 'merged' : draft && pr.state === 'open' ? 'draft' : item.state,
        merged, draft,
        merged_by: login(pr.merged_by),
        base: str(obj(pr.base)?.ref),
        head: str(obj(pr.head)?.ref),
        commits: num(pr.commits), additions: num(pr.additions), deletions: num(pr.deletions),
        changed_files: num(pr.changed_files),
      },
    },
  };
}

const REVIEW_WORDS: Record<string, string> = {
  approved: 'approved', changes_requested: 'requested changes on', commented: 'reviewed',
};
const REVIEW_COLORS: Record<string, MessageColor> = { approved: 'success', changes_requested: 'warning' };

/** Submitted reviews (approved, changes requested, commented) are 'reviews'. */
export function normalizeReview(ctx: GithubContext): GithubEventParts {
  const review = requireObj(ctx.payload, 'review', 'pull_request_review');
  const pr = requireObj(ctx.payload, 'pull_request', 'pull_request_review');
  const item = workItem(pr, 'pull_request');
  const state = (str(review.state) ?? 'commented').toLowerCase();
  const body = excerpt(review.body);
  const reviewer = person(review.user);
  return {
    feature: ctx.action === 'submitted' ? 'reviews' : null,
    actor: reviewer.login ?? ctx.sender,
    labels: item.labels,
    summary: `${reviewer.login ?? ctx.who} ${REVIEW_WORDS[state] ?? words(state)} PR #${item.number}: ${item.title}`,
    url: httpUrl(review.html_url) ?? (item.url),
    color: REVIEW_COLORS[state] ?? 'neutral',
    data: {
      review: {
        state, state_text: REVIEW_WORDS[state] ?? words(state), body, url: httpUrl(review.html_url),
        reviewer: reviewer.login, reviewer_url: reviewer.url,
      },
      pull_request: item,
    },
  };
}

const ISSUE_ACTIONS = ['opened', 'closed', 'reopened'];

export function normalizeIssue(ctx: GithubContext): GithubEventParts {
  const issue = requireObj(ctx.payload, 'issue', 'issues');
  const item = workItem(issue, 'issue');
  const reason = str(issue.state_reason);
  let color: MessageColor = 'neutral';
  if (ctx.action === 'opened' || ctx.action === 'reopened') color = 'info';
  else if (ctx.action === 'closed') color = reason === 'not_planned' ? 'neutral' : 'success';
  return {
    feature: ISSUE_ACTIONS.includes(ctx.action ?? '') ? 'issues' : null,
    labels: item.labels,
    summary: `Issue #${item.number} ${words(ctx.action)}${ctx.action === 'closed' && reason === 'not_planned' ? ' as not planned' : ''}: ${item.title} (${ctx.who})`,
    url: item.url,
    color,
    data: { issue: { ...item, state_reason: reason } },
  };
}

export function normalizeIssueComment(ctx: GithubContext): GithubEventParts {
  const comment = requireObj(ctx.payload, 'comment', 'issue_comment');
  const issue = requireObj(ctx.payload, 'issue', 'issue_comment');
  const item = workItem(issue, 'issue');
  const isPull = obj(issue.pull_request) !== null;
  const kind = isPull ? 'PR' : 'issue';
  const author = person(comment.user);
  return {
    feature: ctx.action === 'created' ? 'comments' : null,
    labels: item.labels,
    summary: `${author.login ?? ctx.who} commented on ${kind} #${item.number}: ${item.title}`,
    url: httpUrl(comment.html_url) ?? (item.url),
    color: 'neutral',
    data: {
      comment: { body: excerpt(comment.body), url: httpUrl(comment.html_url), author: author.login, author_url: author.url },
      issue: { ...item, is_pull_request: isPull, kind },
    },
  };
}

export function normalizeDiscussion(ctx: GithubContext): GithubEventParts {
  const discussion = requireObj(ctx.payload, 'discussion', 'discussion');
  const item = workItem(discussion, 'discussion');
  return {
    feature: ctx.action === 'created' ? 'discussions' : null,
    labels: item.labels,
    summary: `Discussion #${item.number} ${words(ctx.action)}: ${item.title} (${ctx.who})`,
    url: item.url,
    color: ctx.action === 'created' ? 'info' : 'neutral',
    data: { discussion: { ...item, category: oneLine(obj(discussion.category)?.name) || null } },
  };
}
