import type { ProfilePatch } from '../../store/users.repository.ts';
import { updateAccountProfile } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';

export type { ProfilePatch };

/** The account changes its own name or language; nobody else's. */
export async function updateProfile(deps: Deps, accountId: string, patch: ProfilePatch): Promise<void> {
  if (Object.keys(patch).length > 0) await updateAccountProfile(deps.db, accountId, patch, deps.clock.now());
}
