/**
 * Checks a subscription must pass beyond its syntax, the same for `/subscribe` and the admin API
 * (each words the refusal its own way): the generic hook exists, the SSRF guard allows the site,
 * and it leaves at least one feature on.
 */
import type { Source } from '../events/normalized-event.ts';
import { hasFeatureWords } from './features.ts';

export interface TargetCheckDeps {
  hookExists?: (name: string) => Promise<boolean>;
  refuseSite?: (url: string) => Promise<string | null>;
}

export type TargetProblem = { kind: 'unknown_hook' } | { kind: 'refused_address'; reason: string };

export async function targetProblem(source: Source, target: string, deps: TargetCheckDeps): Promise<TargetProblem | null> {
  if (source === 'custom' && deps.hookExists && !(await deps.hookExists(target))) return { kind: 'unknown_hook' };
  if (source === 'uptime' && target !== '*' && deps.refuseSite) {
    const reason = await deps.refuseSite(target);
    if (reason !== null) return { kind: 'refused_address', reason };
  }
  return null;
}

/** A subscription of a source with feature words that has every feature off would post nothing. */
export function postsNothing(source: Source, features: readonly string[]): boolean {
  return hasFeatureWords(source) && features.length === 0;
}
