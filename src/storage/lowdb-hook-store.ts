/**
 * HookStore on the lowdb file: the `hooks` key of the shared DataFile, written through the main
 * store's group commit (LowdbStore.shared), so a hook change and webhook events share file writes.
 * Kept as an array, not an object keyed by name: a hook called `__proto__` must stay a hook.
 */
import type { Hook, HookCredentials, HookError, HookStore } from './hook-store.ts';
import { LowdbStore, type LowdbShared } from './lowdb-store.ts';
import type { Store } from './store.ts';

export type LowdbHooksData = Hook[];

const copy = (hook: Hook): Hook => ({ ...hook, lastError: hook.lastError ? { ...hook.lastError } : null });

export class LowdbHookStore implements HookStore {
  constructor(private readonly shared: LowdbShared) {}

  private get hooks(): Hook[] {
    this.shared.data.hooks ??= [];
    return this.shared.data.hooks;
  }

  private find(name: string): Hook | undefined {
    return this.hooks.find((h) => h.name === name);
  }

  async list(): Promise<Hook[]> {
    return this.hooks.map(copy).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<Hook | null> {
    const hook = this.find(name);
    return hook ? copy(hook) : null;
  }

  async exists(name: string): Promise<boolean> {
    return this.find(name) !== undefined;
  }

  async save(hook: Hook): Promise<Hook> {
    const stored = copy(hook);
    const index = this.hooks.findIndex((h) => h.name === hook.name);
    if (index === -1) this.hooks.push(stored);
    else this.hooks[index] = stored;
    await this.shared.commit([['hooks']]);
    return copy(stored);
  }

  async create(hook: Hook): Promise<Hook | null> {
    if (this.find(hook.name)) return null; // checked and inserted in one tick: no race
    const stored = copy(hook);
    this.hooks.push(stored);
    await this.shared.commit([['hooks']]);
    return copy(stored);
  }

  async remove(name: string): Promise<boolean> {
    const before = this.hooks.length;
    this.shared.data.hooks = this.hooks.filter((h) => h.name !== name);
    if (this.shared.data.hooks.length === before) return false;
    await this.shared.commit([['hooks']]);
    return true;
  }

  async rotate(name: string, credentials: HookCredentials, at: Date): Promise<Hook | null> {
    const hook = this.find(name);
    if (!hook) return null;
    Object.assign(hook, credentials, { rotatedAt: at.toISOString() });
    await this.shared.commit([['hooks']]);
    return copy(hook);
  }

  async setLastError(name: string, error: HookError | null): Promise<void> {
    const hook = this.find(name);
    if (!hook) return;
    hook.lastError = error ? { ...error } : null;
    await this.shared.commit([['hooks']]);
  }
}

/** The HookStore that goes with a store: the generic hooks live in the same lowdb file. */
export function hookStoreFor(store: Store): HookStore {
  if (store instanceof LowdbStore) return new LowdbHookStore(store.shared);
  throw new Error('generic webhooks need the lowdb store (DATA_FILE)');
}
