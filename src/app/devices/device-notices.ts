import { duplicateSuggestions, identityScope } from '../../domain/device-identity.ts';
import { hintedDevices } from '../../store/device-identities.repository.ts';
import { listLostDevices } from '../../store/refused-tokens.repository.ts';
import type { Deps } from '../shared/deps.ts';

/**
 * What a list of devices adds about the life of their seats: the devices reported lost, each
 * with the last request its refused token made ("tried to check in on … from …"), and the
 * devices that look like one machine (the same hardware hint), with the one a merge keeps.
 */
export async function deviceListExtras(
  deps: Deps,
  owner: { accountId: string; organizationId: string | null },
) {
  const [lost, hinted] = await Promise.all([
    listLostDevices(
      deps.db,
      owner.organizationId ? { organizationId: owner.organizationId } : { accountId: owner.accountId },
    ),
    hintedDevices(deps.db, identityScope(owner)),
  ]);
  return {
    lost: lost.map((d) => ({
      id: d.id,
      name: d.name,
      platform: d.platform,
      lostAt: d.lostAt.toISOString(),
      refusedAttempts: d.attempts,
      lastAttempt: d.lastAttemptAt
        ? { at: d.lastAttemptAt.toISOString(), address: d.lastAttemptAddress }
        : null,
    })),
    duplicates: duplicateSuggestions(hinted),
  };
}
