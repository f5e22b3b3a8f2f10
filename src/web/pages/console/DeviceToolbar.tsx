import { useTranslation } from 'react-i18next';
import { DEVICE_SORTS, SORT_ORDERS } from './sorts.ts';
import type { DeviceQuery } from './device-pages.ts';

/** Search by name and sort: the server does both, so they hold for the whole fleet, not the page shown. */
export function DeviceToolbar({
  query,
  onChange,
  shown,
}: {
  query: DeviceQuery;
  onChange: (q: DeviceQuery) => void;
  shown: number;
}) {
  const { t } = useTranslation();
  return (
    <div className="filters">
      <label>
        {t('consoleFleet.search')}
        <input
          type="search"
          value={query.name}
          maxLength={100}
          onChange={(e) => onChange({ ...query, name: e.target.value })}
        />
      </label>
      <label>
        {t('consoleFleet.sortBy')}
        <select
          value={`${query.sort}-${query.order}`}
          onChange={(e) => {
            const [sort, order] = e.target.value.split('-');
            const s = DEVICE_SORTS.find((x) => x === sort);
            const o = SORT_ORDERS.find((x) => x === order);
            if (s && o) onChange({ ...query, sort: s, order: o });
          }}
        >
          {SORT_OPTIONS.map((key) => (
            <option key={key} value={key}>
              {t(`consoleFleet.sort.${key}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="meta" aria-live="polite">
        {t('consoleFleet.shown', { count: shown })}
      </span>
    </div>
  );
}

const SORT_OPTIONS = [
  'name-asc',
  'name-desc',
  'lastSeen-desc',
  'lastSeen-asc',
  'group-asc',
  'group-desc',
] as const;
