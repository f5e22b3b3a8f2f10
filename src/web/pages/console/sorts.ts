import type { DeviceSort, SortOrder } from '../../../domain/console-lists.ts';

/**
 * The domain's sorts and orders as values for the console (the portal takes only types from the
 * domain): written as records over the domain's types, so a sort added there fails to compile here.
 */
const SORTS: Record<DeviceSort, true> = { name: true, lastSeen: true, group: true };
const ORDERS: Record<SortOrder, true> = { asc: true, desc: true };
export const DEVICE_SORTS = Object.keys(SORTS) as DeviceSort[];
export const SORT_ORDERS = Object.keys(ORDERS) as SortOrder[];
