/**
 * The shape GitHub sends for the events hookbridge posts, as zod schemas: only the fields the
 * normalizers and templates rely on, each with the type GitHub documents (null where GitHub sends
 * null). Unknown fields are ignored, so new GitHub fields never break anything; a signed payload
 * whose relied-on fields have the wrong type is refused with 400 and a short reason, instead of
 * being posted as an empty or misleading message. Checked against all 329 examples of
 * @octokit/webhooks-examples (test/http/github-payload-validation.test.ts).
 */
import { z } from 'zod';

const text = z.string();
const optionalText = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();
const user = z.object({ login: text }).nullable().optional();
const labels = z.array(z.object({ name: text })).optional();

const workItem = z.object({
  number: z.number().int().nonnegative(),
  title: text,
  html_url: text,
  user,
  labels,
  state: optionalText,
  body: optionalText,
});

const pullRequest = workItem.extend({ merged: flag, draft: flag });

const commit = z.object({ id: text, message: text, url: optionalText });

const envelope = z.object({
  action: text.optional(),
  sender: user,
  repository: z.object({
    full_name: text.regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/repo"'),
    html_url: optionalText,
    default_branch: optionalText,
  }).optional(),
});

/** Per event: what its normalizer reads. Events not listed are stored as they come. */
export const GITHUB_EVENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  push: z.object({ ref: text, commits: z.array(commit).optional(), compare: optionalText, forced: flag, deleted: flag, created: flag }),
  create: z.object({ ref: text, ref_type: text }),
  delete: z.object({ ref: text, ref_type: text }),
  pull_request: z.object({ pull_request: pullRequest }),
  pull_request_review: z.object({
    pull_request: pullRequest,
    review: z.object({ state: text, html_url: text, user, body: optionalText }),
  }),
  issues: z.object({ issue: workItem.extend({ state_reason: optionalText }) }),
  issue_comment: z.object({ issue: workItem, comment: z.object({ body: optionalText, html_url: text, user }) }),
  discussion: z.object({ discussion: workItem }),
  release: z.object({
    release: z.object({ tag_name: text, name: optionalText, html_url: text, prerelease: flag, draft: flag, body: optionalText }),
  }),
  workflow_run: z.object({
    workflow_run: z.object({
      name: optionalText, status: optionalText, conclusion: optionalText, html_url: text,
      head_branch: optionalText, run_number: z.number().int().optional(),
    }),
  }),
  deployment_status: z.object({
    deployment_status: z.object({ state: text, environment: optionalText, environment_url: optionalText, target_url: optionalText }),
    deployment: z.object({ environment: optionalText, ref: optionalText, sha: optionalText }).optional(),
  }),
  star: z.object({ starred_at: optionalText }),
  fork: z.object({ forkee: z.object({ full_name: text, html_url: text }) }),
};

/** Null when the payload has the shape its event needs, else a short reason naming the field. */
export function githubPayloadProblem(eventName: string, payload: unknown): string | null {
  const schemas = [envelope, Object.hasOwn(GITHUB_EVENT_SCHEMAS, eventName) ? GITHUB_EVENT_SCHEMAS[eventName] : undefined];
  for (const schema of schemas) {
    if (!schema) continue;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'body';
      return `${eventName} payload: ${field}: ${issue?.message ?? 'invalid'}`;
    }
  }
  return null;
}
