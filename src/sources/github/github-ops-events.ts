/** release, workflow_run, deployment_status, star, fork. */
import type { MessageColor } from '../../rendering/message.ts';
import {
  excerpt, firstLine, httpUrl, login, num, obj, oneLine, person, requireObj, str,
  type GithubContext, type GithubEventParts,
} from './payload-access.ts';

export function normalizeRelease(ctx: GithubContext): GithubEventParts {
  const release = requireObj(ctx.payload, 'release', 'release');
  const tag = str(release.tag_name) ?? '';
  const name = oneLine(release.name) || tag;
  const prerelease = release.prerelease === true;
  const author = person(release.author);
  return {
    feature: ctx.action === 'published' ? 'releases' : null,
    summary: `${prerelease ? 'Pre-release' : 'Release'} ${name} ${ctx.action ?? 'updated'} (${ctx.who})`,
    url: httpUrl(release.html_url),
    color: prerelease ? 'info' : 'success',
    data: {
      release: {
        tag, name, url: httpUrl(release.html_url), prerelease, draft: release.draft === true,
        body: excerpt(release.body), author: author.login, author_url: author.url,
      },
    },
  };
}

const CONCLUSION_COLORS: Record<string, MessageColor> = {
  success: 'success', failure: 'failure', timed_out: 'failure', startup_failure: 'failure',
  action_required: 'warning', cancelled: 'neutral', skipped: 'neutral', neutral: 'neutral', stale: 'neutral',
};
const CONCLUSION_WORDS: Record<string, string> = {
  success: 'succeeded', failure: 'failed', timed_out: 'timed out', startup_failure: 'failed to start',
  action_required: 'needs action', cancelled: 'was cancelled', skipped: 'was skipped',
};

function secondsBetween(from: unknown, to: unknown): number | null {
  const start = Date.parse(str(from) ?? '');
  const end = Date.parse(str(to) ?? '');
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? Math.round((end - start) / 1000) : null;
}

export function normalizeWorkflowRun(ctx: GithubContext): GithubEventParts {
  const run = requireObj(ctx.payload, 'workflow_run', 'workflow_run');
  const conclusion = str(run.conclusion);
  const name = oneLine(run.name) || oneLine(obj(ctx.payload.workflow)?.name) || 'workflow';
  const branch = str(run.head_branch);
  const head = obj(run.head_commit);
  const sha = str(run.head_sha) ?? str(head?.id);
  const outcome = conclusion === null ? (str(run.status) ?? ctx.action ?? 'updated') : CONCLUSION_WORDS[conclusion] ?? conclusion;
  const number = num(run.run_number);
  return {
    feature: ctx.action === 'completed' && conclusion !== null ? 'workflows' : null,
    summary: `Workflow ${name}${number === null ? '' : ` #${number}`} ${outcome}${branch ? ` on ${branch}` : ''}`,
    url: httpUrl(run.html_url),
    color: conclusion === null ? 'info' : CONCLUSION_COLORS[conclusion] ?? 'neutral',
    data: {
      workflow_run: {
        name, conclusion, outcome, status: str(run.status), branch, run_number: number,
        url: httpUrl(run.html_url), event: str(run.event), actor: login(run.actor) ?? ctx.sender,
        duration_seconds: run.status === 'completed' ? secondsBetween(run.run_started_at, run.updated_at) : null,
        head_commit: {
          sha: sha ? sha.slice(0, 7) : null,
          message: firstLine(head?.message),
          author: str(obj(head?.author)?.name),
          url: sha && ctx.repoUrl ? `${ctx.repoUrl}/commit/${sha}` : null,
        },
      },
    },
  };
}

const DEPLOY_COLORS: Record<string, MessageColor> = {
  success: 'success', failure: 'failure', error: 'failure', pending: 'info', queued: 'info',
  in_progress: 'info', inactive: 'neutral',
};

export function normalizeDeploymentStatus(ctx: GithubContext): GithubEventParts {
  const status = requireObj(ctx.payload, 'deployment_status', 'deployment_status');
  const deployment = obj(ctx.payload.deployment) ?? {};
  const state = str(status.state) ?? 'unknown';
  const environment = oneLine(status.environment) || oneLine(deployment.environment) || 'an environment';
  const url = httpUrl(status.environment_url) ?? httpUrl(status.target_url);
  return {
    feature: 'deployments',
    summary: `Deployment to ${environment}: ${state.replace(/_/g, ' ')} (${ctx.who})`,
    url: url ?? ctx.repoUrl,
    color: DEPLOY_COLORS[state] ?? 'neutral',
    data: {
      deployment: {
        state, environment, url,
        log_url: httpUrl(status.log_url) ?? httpUrl(status.target_url),
        description: excerpt(status.description, 300),
        ref: str(deployment.ref),
        sha: (str(deployment.sha) ?? '').slice(0, 7) || null,
        creator: login(status.creator) ?? login(deployment.creator),
      },
    },
  };
}

export function normalizeStar(ctx: GithubContext): GithubEventParts {
  const count = num(obj(ctx.payload.repository)?.stargazers_count);
  const sender = person(ctx.payload.sender);
  return {
    feature: ctx.action === 'created' ? 'stars' : null,
    summary: `${ctx.who} ${ctx.action === 'deleted' ? 'unstarred' : 'starred'} the repository` +
      (count === null ? '' : ` (${count} star${count === 1 ? '' : 's'})`),
    url: sender.url ?? ctx.repoUrl,
    color: 'neutral',
    data: { star: { stargazer: sender.login, stargazer_url: sender.url, stargazers_count: count } },
  };
}

export function normalizeFork(ctx: GithubContext): GithubEventParts {
  const forkee = requireObj(ctx.payload, 'forkee', 'fork');
  const fullName = str(forkee.full_name) ?? '';
  return {
    feature: 'forks',
    summary: `${ctx.who} forked the repository to ${fullName}`,
    url: httpUrl(forkee.html_url),
    color: 'neutral',
    data: {
      fork: {
        full_name: fullName, url: httpUrl(forkee.html_url), owner: login(forkee.owner),
        forks_count: num(obj(ctx.payload.repository)?.forks_count),
      },
    },
  };
}
