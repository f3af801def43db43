/**
 * Subscription targets: validation/normalisation of what people type, and the candidate target
 * keys an incoming event is looked up under.
 */
import type { NormalizedEvent, Source } from '../events/normalized-event.ts';

export type TargetResult = { ok: true; target: string } | { ok: false; error: string };

const OWNER = /^[a-z0-9](?:[a-z0-9-]{0,38})$/;
const REPO = /^[a-z0-9._-]{1,100}$/;
const HOOK = /^[a-z0-9_-]{1,64}$/;
const STRIPE_ACCOUNT = /^acct_[a-z0-9]{1,64}$/;

/** Slack may send a pasted link as `<https://x|label>`; keep the URL only. */
function unwrapSlackLink(text: string): string {
  const m = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(text.trim());
  return (m?.[1] ?? text).trim();
}

function githubTarget(raw: string): TargetResult {
  let text = raw.trim().toLowerCase();
  const url = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^?#]+)(?:[?#].*)?$/.exec(text);
  if (url) text = url[1]!.replace(/\/+$/, '').replace(/\.git$/, '');
  // What people paste from a clone command: git@github.com:owner/repo.git, owner/repo.git, owner/repo/
  else text = text.replace(/^git@github\.com:/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const parts = text.split('/');
  const hint = 'Use owner/repo (e.g. acme/api), owner/* for every repository of an owner, or a https://github.com/owner/repo link.';
  if (parts.length === 1) {
    return { ok: false, error: `"${raw}" is not a repository. ${hint}` };
  }
  // Links to pages inside a repository (…/owner/repo/pull/1) still name the repository.
  const [owner, repo] = url && parts.length > 2 ? [parts[0]!, parts[1]!] : parts.length === 2 ? [parts[0]!, parts[1]!] : ['', ''];
  if (owner === '' || !OWNER.test(owner) || owner.endsWith('-')) {
    return { ok: false, error: `"${raw}" is not a valid GitHub owner/repo: owners use letters, digits and "-". ${hint}` };
  }
  if (repo === '*') return { ok: true, target: `${owner}/*` };
  if (!REPO.test(repo) || repo === '.' || repo === '..') {
    return { ok: false, error: `"${raw}" is not a valid GitHub owner/repo: repository names use letters, digits, ".", "_" and "-". ${hint}` };
  }
  return { ok: true, target: `${owner}/${repo}` };
}

/**
 * A site URL as stored, matched and checked: absolute http(s), scheme and host lower-cased,
 * path and query kept as given (servers may treat `/Health` and `/health` as different pages, and
 * a query may carry a token), no fragment, no credentials, default port dropped, and no trailing
 * slash on a bare host (`https://Example.com/` → `https://example.com`).
 * Returns null when `text` is not an absolute http(s) URL.
 */
export function normalizeSiteUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(unwrapSlackLink(text));
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  let href = url.href;
  if (url.pathname === '/' && url.search === '') href = href.replace(/\/$/, '');
  return href;
}

/** A host people would monitor: has a dot (example.com, 10.0.0.1), is localhost or an IPv6 literal. */
function plausibleHost(host: string): boolean {
  return host.includes('.') || host === 'localhost' || host.startsWith('[');
}

/**
 * Validates and normalises a target for a source. `target` undefined/empty means "no target
 * given": stripe and paypal then default to `*`; the other sources need one.
 */
export function validateTarget(source: Source, target: string | undefined): TargetResult {
  const raw = unwrapSlackLink(target ?? '');
  switch (source) {
    case 'github':
      if (raw === '') return { ok: false, error: 'Which repository? Give owner/repo (e.g. acme/api) or owner/*.' };
      return githubTarget(raw);
    case 'stripe': {
      const t = raw.toLowerCase();
      if (t === '' || t === '*') return { ok: true, target: '*' };
      // Account ids are case-sensitive (acct_1Nx2y3): kept as given, the prefix lower-cased.
      if (STRIPE_ACCOUNT.test(t)) return { ok: true, target: `acct_${raw.slice('acct_'.length)}` };
      return { ok: false, error: `"${raw}" is not a Stripe target: use * (all accounts) or a Connect account id like acct_1Nx2y3.` };
    }
    case 'paypal':
      if (raw === '' || raw === '*') return { ok: true, target: '*' };
      return { ok: false, error: `PayPal subscriptions have no target other than * (got "${raw}").` };
    case 'uptime': {
      if (raw === '') return { ok: false, error: 'Which site? Give its URL (e.g. https://example.com) or * for every site.' };
      if (raw === '*') return { ok: true, target: '*' };
      const site = normalizeSiteUrl(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
      if (site === null || !plausibleHost(new URL(site).hostname)) {
        return { ok: false, error: `"${raw}" is not a site URL: give an absolute http(s) URL such as https://example.com, or *.` };
      }
      return { ok: true, target: site };
    }
    case 'custom': {
      if (raw === '') return { ok: false, error: 'Which hook? Give the name of a generic hook created by the operator.' };
      const name = raw.toLowerCase();
      if (!HOOK.test(name)) return { ok: false, error: `"${raw}" is not a hook name: names are 1–64 letters, digits, "-" or "_".` };
      return { ok: true, target: name };
    }
  }
}

/**
 * The target keys to look up for an event (Store.findSubscriptionsByTargets), most specific first:
 * - github `acme/api` → [`acme/api`, `acme/*`] (there is no global `*` for GitHub)
 * - stripe `acct_1` → [`acct_1`, `*`]; paypal → [target, `*`]
 * - uptime `https://x.com/` → [`https://x.com`, `*`] (normalised like stored targets)
 * - custom `deploy-bot` → [`deploy-bot`] (hooks have no wildcard)
 */
/** Sources whose targets used to be stored lower-cased and now keep their case. */
const CASE_KEPT: ReadonlySet<string> = new Set(['stripe', 'uptime']);

/**
 * Whether a stored target and a given one name the same thing. Stripe account ids and uptime
 * URL paths now keep their case; a stored target that is all lower case may be one saved before
 * (when everything was lower-cased), so it also matches the given one without case.
 */
export function sameTarget(source: string, stored: string, given: string): boolean {
  if (stored === given) return true;
  return CASE_KEPT.has(source) && stored === stored.toLowerCase() && stored === given.toLowerCase();
}

export function matchTargets(event: Pick<NormalizedEvent, 'source' | 'target'>): string[] {
  const t = event.target.trim();
  const out: string[] = [];
  const add = (x: string | null): void => {
    if (x !== null && x !== '' && !out.includes(x)) out.push(x);
  };
  switch (event.source) {
    case 'github': {
      const lower = t.toLowerCase();
      add(lower);
      const slash = lower.indexOf('/');
      if (slash > 0) add(`${lower.slice(0, slash)}/*`);
      break;
    }
    case 'stripe':
      add(t);
      add(t.toLowerCase());
      add('*');
      break;
    case 'paypal':
      add(t.toLowerCase());
      add('*');
      break;
    case 'uptime': {
      const site = normalizeSiteUrl(t);
      add(site); // exact: /Health and /health may be different pages
      add(site?.toLowerCase() ?? null); // subscriptions stored before URLs kept their case
      add('*');
      break;
    }
    case 'custom':
      add(t.toLowerCase());
      break;
  }
  return out;
}
