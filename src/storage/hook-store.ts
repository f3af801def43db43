/**
 * Generic (custom) webhooks the operator created: `POST /webhooks/custom/<name>[/<token>]`.
 * Each hook has a Standard Webhooks signing secret and a separate URL token; only the token's
 * SHA-256 is kept, so the URL is shown once (at creation or rotation) and never again.
 */

/** Hook names: what `/subscribe custom <name>` takes (lower-case letters, digits, `-`, `_`). */
export const HOOK_NAME = /^[a-z0-9_-]{1,64}$/;

export interface HookError {
  message: string;
  /** ISO time it happened. */
  at: string;
}

export interface Hook {
  name: string;
  /** `whsec_<base64>`: the Standard Webhooks key (base64 part), and the X-Hub-Signature-256 key (whole string). */
  secret: string;
  /** SHA-256 (hex) of the URL token. */
  tokenHash: string;
  /** Liquid template text supplied by the operator (template file format), or null. */
  template: string | null;
  createdAt: string;
  rotatedAt: string | null;
  /** The last template error, shown by `GET /api/hooks` until the template changes. */
  lastError: HookError | null;
}

export interface HookCredentials {
  secret: string;
  tokenHash: string;
}

/** Every mutating method resolves once the change is durable. */
export interface HookStore {
  list(): Promise<Hook[]>;
  get(name: string): Promise<Hook | null>;
  exists(name: string): Promise<boolean>;
  /** Creates or replaces the hook of that name. */
  save(hook: Hook): Promise<Hook>;
  /** Creates the hook unless one of that name exists (then null, nothing changed). */
  create(hook: Hook): Promise<Hook | null>;
  remove(name: string): Promise<boolean>;
  /** New secret and token; the old ones stop working at once. Null when there is no such hook. */
  rotate(name: string, credentials: HookCredentials, at: Date): Promise<Hook | null>;
  /** Records a template error (null clears it). */
  setLastError(name: string, error: HookError | null): Promise<void>;
}
