import { useCallback, useEffect, useRef, useState } from 'react';
import type { Device } from '../../api.ts';
import { api } from '../../api.ts';
import type { DeviceSort, SortOrder } from '../../../domain/console-lists.ts';
import { useReload } from '../../reload.ts';

/** How the console's device list is narrowed and ordered; each is done by the server. */
export interface DeviceQuery {
  name: string;
  sort: DeviceSort;
  order: SortOrder;
}

const PAGE = 50;
const MAX_PAGE = 500;

/** Text typed into a search box, settled: the list is asked again once typing pauses. */
export function useSettled<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The organization's managed devices, a page at a time from the server: the first page for the
 * query, "show more" appends the next, and `reload` reads again as many rows as are shown, so a
 * live change never shortens the list under the reader.
 */
export function useDevicePages(org: string, query: DeviceQuery) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const shown = useRef(PAGE);
  const base = useCallback(
    (limit: number, cursor?: string) =>
      api('GET', '/v1/console/organizations/{org}/devices', {
        params: { org },
        query: {
          name: query.name || undefined,
          sort: query.sort,
          order: query.order,
          limit: String(limit),
          cursor,
        },
      }),
    [org, query.name, query.sort, query.order],
  );
  useEffect(() => {
    shown.current = PAGE;
  }, [base]);
  const reload = useReload(
    useCallback(
      () =>
        base(Math.min(Math.max(shown.current, PAGE), MAX_PAGE)).then(
          (r) => {
            setDevices(r.devices);
            setNext(r.nextCursor);
            setFailed(false);
          },
          () => setFailed(true),
        ),
      [base],
    ),
  );
  const more = useCallback(async () => {
    if (!next) return;
    try {
      const r = await base(PAGE, next);
      setDevices((old) => {
        const all = [...(old ?? []), ...r.devices];
        shown.current = all.length;
        return all;
      });
      setNext(r.nextCursor);
    } catch {
      setFailed(true);
    }
  }, [base, next]);
  return { devices, more: next ? more : null, reload, failed };
}

/** Every managed device (a page of 500 at a time): what the send page's group filter needs. */
export async function allDevices(org: string): Promise<Device[]> {
  const all: Device[] = [];
  let cursor: string | undefined;
  do {
    const r = await api('GET', '/v1/console/organizations/{org}/devices', {
      params: { org },
      query: { limit: String(MAX_PAGE), cursor },
    });
    all.push(...r.devices);
    cursor = r.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
