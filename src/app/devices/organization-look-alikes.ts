import { duplicateSuggestions, identityScope } from '../../domain/device-identity.ts';
import { hintedDevices } from '../../store/device-identities.repository.ts';
import { namedOrganizationDevices } from '../../store/organization-devices.repository.ts';
import type { Actor } from '../organizations/audit.ts';
import { requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';

/**
 * The console's "these look like the same device": the organization's managed devices that
 * report the same hardware hint, grouped as the portal groups an account's (the newest
 * connection is the one a merge keeps), each device with what the admin needs to recognise it,
 * since the two may be on different pages of the device list. Admins only, like the merge.
 */
export async function organizationLookAlikes(deps: Deps, actor: Actor) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const suggestions = duplicateSuggestions(
    await hintedDevices(deps.db, identityScope({ accountId: actor.accountId, organizationId })),
  );
  const ids = suggestions.flatMap((s) => [s.keep, ...s.duplicates]);
  const devices = new Map(
    (await namedOrganizationDevices(deps.db, organizationId, ids)).map((d) => [d.id, d]),
  );
  const view = (id: string) => {
    const d = devices.get(id);
    return d
      ? {
          id,
          name: d.name,
          platform: d.platform,
          connectedAt: d.connectedAt.toISOString(),
          lastSeenAt: d.lastSeenAt.toISOString(),
        }
      : null;
  };
  return suggestions.flatMap((s) => {
    const keep = view(s.keep);
    const duplicates = s.duplicates.map(view).filter((d) => d !== null);
    return keep && duplicates.length > 0 ? [{ hardwareId: s.hardwareId, keep, duplicates }] : [];
  });
}
