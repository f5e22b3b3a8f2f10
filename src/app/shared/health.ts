import type { Deps } from './deps.ts';
import type { ErrorCode } from './errors.ts';

export type Readiness =
  | { ready: true }
  | { ready: false; code: Extract<ErrorCode, 'UNAVAILABLE' | 'STORAGE_UNAVAILABLE'>; detail: string };

/**
 * Ready to serve: the database is reachable, migrated, and takes writes. A database that answers
 * but cannot write (disk full, read-only, I/O errors) is not ready, with its own code; the node
 * becomes ready again by itself once the fault clears.
 */
export async function readiness(deps: Pick<Deps, 'store'>): Promise<Readiness> {
  const state = await deps.store.health.check();
  if (state === 'ok') return { ready: true };
  if (state === 'storage-fault')
    return {
      ready: false,
      code: 'STORAGE_UNAVAILABLE',
      detail: 'The database cannot take writes (disk full, read-only or I/O errors)',
    };
  return { ready: false, code: 'UNAVAILABLE', detail: 'The database is not reachable or not migrated' };
}
