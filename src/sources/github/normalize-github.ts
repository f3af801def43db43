/**
 * GitHub webhook payload → NormalizedEvent. Feature words follow GitHub's Slack app:
 *   push → commits · pull_request (opened, closed, merged, reopened, ready_for_review) → pulls
 *   pull_request_review (submitted) → reviews · issues (opened, closed, reopened) → issues
 *   issue_comment (created) → comments · release (published) → releases
 *   create/delete (branch or tag) → branches · workflow_run (completed) → workflows
 *   deployment_status → deployments · discussion (created) → discussions
 *   star (created) → stars · fork → forks
 * Everything else (other actions, ping, unknown events) is stored with feature null.
 * Odd-but-valid payloads never throw; a payload lacking what its event needs throws
 * GithubPayloadError (400).
 */
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import { normalizePush, normalizeRefChange } from './github-code-events.ts';
import {
  normalizeDeploymentStatus, normalizeFork, normalizeRelease, normalizeStar, normalizeWorkflowRun,
} from './github-ops-events.ts';
import { GithubPayloadError } from './github-payload-error.ts';
import {
  normalizeDiscussion, normalizeIssue, normalizeIssueComment, normalizePullRequest, normalizeReview,
} from './github-work-events.ts';
import {
  httpUrl, login, obj, oneLine, person, str,
  type GithubContext, type GithubEventParts, type GithubHandler,
} from './payload-access.ts';

export { GithubPayloadError } from './github-payload-error.ts';

/** Event types with a template (templates/github/<type>.liquid) and a feature. */
export const GITHUB_HANDLERS: Readonly<Record<string, GithubHandler>> = Object.freeze({
  push: normalizePush,
  create: normalizeRefChange,
  delete: normalizeRefChange,
  pull_request: normalizePullRequest,
  pull_request_review: normalizeReview,
  issues: normalizeIssue,
  issue_comment: normalizeIssueComment,
  discussion: normalizeDiscussion,
  release: normalizeRelease,
  workflow_run: normalizeWorkflowRun,
  deployment_status: normalizeDeploymentStatus,
  star: normalizeStar,
  fork: normalizeFork,
});

/** Stored, never posted: ping and every event type we do not render. */
function otherEvent(ctx: GithubContext): GithubEventParts {
  const zen = ctx.event === 'ping' ? oneLine(ctx.payload.zen) : '';
  return {
    feature: null,
    summary: zen ? `ping: ${zen}` : `${ctx.event}${ctx.action ? ` ${ctx.action}` : ''} by ${ctx.who}`,
    url: ctx.repoUrl,
    color: 'neutral',
    data: {},
  };
}

function isoTime(date: Date): string {
  return Number.isFinite(date.getTime()) ? date.toISOString() : new Date().toISOString();
}

export function normalizeGithubEvent(
  eventName: string, deliveryId: string, payload: unknown, receivedAt: Date,
): NormalizedEvent {
  const p = obj(payload);
  if (!p) throw new GithubPayloadError('the body is not a JSON object');
  if (!eventName) throw new GithubPayloadError('no event name (X-GitHub-Event)');
  if (!deliveryId) throw new GithubPayloadError('no delivery id (X-GitHub-Delivery)');
  const repository = obj(p.repository);
  const repo = str(repository?.full_name) ?? '';
  const handler = Object.hasOwn(GITHUB_HANDLERS, eventName) ? GITHUB_HANDLERS[eventName] : undefined;
  if (handler && repo === '') throw new GithubPayloadError(`${eventName} event without repository.full_name`);
  const sender = login(p.sender);
  const ctx: GithubContext = {
    event: eventName, payload: p, repo, repoUrl: httpUrl(repository?.html_url),
    action: str(p.action), sender, who: sender ?? 'someone',
  };
  const parts = handler ? handler(ctx) : otherEvent(ctx);
  const action = parts.action !== undefined ? parts.action : ctx.action;
  const org = login(p.organization);
  const prefix = repo ? `[${repo}] ` : org ? `[${org}] ` : '';
  return {
    id: `github:${deliveryId}`,
    source: 'github',
    deliveryId,
    type: eventName,
    action,
    feature: parts.feature,
    target: repo.toLowerCase(),
    actor: parts.actor !== undefined ? parts.actor : sender,
    branch: parts.branch ?? null,
    defaultBranch: str(repository?.default_branch) ?? str(repository?.master_branch),
    labels: parts.labels ?? [],
    summary: oneLine(prefix + parts.summary),
    url: parts.url,
    receivedAt: isoTime(receivedAt),
    data: {
      repo: repo ? { name: repo, url: ctx.repoUrl } : null,
      sender: person(p.sender),
      action,
      color: parts.color,
      ...parts.data,
    },
  };
}
