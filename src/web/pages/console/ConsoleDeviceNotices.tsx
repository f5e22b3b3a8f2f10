import { ConsoleLookAlikes } from './ConsoleLookAlikes.tsx';
import { ConsoleSilentDevices } from './ConsoleSilentDevices.tsx';
import type { Org } from './organization.ts';

/**
 * Above the managed devices, for the organization's admins: the silent devices whose seats free
 * unless they check in (with Keep), and the devices that look like one machine (with Merge).
 * `refreshKey` is the page's device list: whenever it is read again, so are these.
 */
export function ConsoleDeviceNotices({
  org,
  refreshKey,
  onChange,
}: {
  org: Org;
  refreshKey: unknown;
  onChange: () => void;
}) {
  if (org.role !== 'admin') return null;
  return (
    <>
      <ConsoleSilentDevices org={org.id} refreshKey={refreshKey} />
      <ConsoleLookAlikes org={org.id} refreshKey={refreshKey} onMerged={onChange} />
    </>
  );
}
