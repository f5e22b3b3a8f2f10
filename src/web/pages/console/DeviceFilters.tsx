import { useTranslation } from 'react-i18next';
import { platformName } from '../../components/Platform.tsx';
import type { Device, Eligibility } from '../../api.ts';

export interface Filter {
  platform: string;
  group: string;
  name: string;
}
export const NO_FILTER: Filter = { platform: '', group: '', name: '' };

/** Whether a device's row passes the filter (its group comes from the device list). */
export function passes(
  filter: Filter,
  row: Eligibility['devices'][number],
  device: Device | undefined,
): boolean {
  return (
    (!filter.platform || row.platform === filter.platform) &&
    (!filter.group || device?.group === filter.group) &&
    (!filter.name || row.name.toLowerCase().includes(filter.name.toLowerCase()))
  );
}

/** Narrow the managed devices by platform, group and name, choosing among those the organization has. */
export function DeviceFilters({
  devices,
  filter,
  onChange,
}: {
  devices: Device[];
  filter: Filter;
  onChange: (filter: Filter) => void;
}) {
  const { t } = useTranslation();
  const platforms = [...new Set(devices.map((d) => d.platform))].sort();
  const groups = [...new Set(devices.map((d) => d.group).filter((g): g is string => !!g))].sort();
  return (
    <div className="filters">
      <label>
        {t('console.filterPlatform')}
        <select value={filter.platform} onChange={(e) => onChange({ ...filter, platform: e.target.value })}>
          <option value="">{t('console.all')}</option>
          {platforms.map((p) => (
            <option key={p} value={p}>
              {platformName(p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('console.filterGroup')}
        <select value={filter.group} onChange={(e) => onChange({ ...filter, group: e.target.value })}>
          <option value="">{t('console.all')}</option>
          {groups.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        {t('console.filterName')}
        <input
          type="search"
          value={filter.name}
          onChange={(e) => onChange({ ...filter, name: e.target.value })}
        />
      </label>
    </div>
  );
}
