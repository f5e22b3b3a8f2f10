/**
 * The console's lists at fleet scale: how managed devices can be sorted, and the actions its
 * audit log records. Each list is defined here once; the route schemas, the store's orderings
 * and the console's words derive from it.
 */

/** What the managed devices can be sorted by; each sorts on the server, by keyset. */
export const DEVICE_SORTS = ['name', 'lastSeen', 'group'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A page is at least one row and at most this many: every page stays one short index range. */
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

/** The actions an organization's audit log records, each a sentence in the console. */
export const AUDIT_ACTIONS = [
  'delivery.send',
  'delivery.send_refused',
  'delivery.undo',
  'delivery.undo_send',
  'connect_code.create',
  'device.enroll',
  'device.update',
  'device.remove',
  'member.invite',
  'invitation.revoke',
  'invitation.resend',
  'member.join',
  'member.role',
  'member.remove',
  'activation.revoke',
  'reserve.undo',
  'device.reconnect',
  'device.merge',
  'device.lost',
  'enrollment_key.create',
  'enrollment_key.revoke',
  'device.keep',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A page's size as asked for, within bounds. */
export function pageSize(asked: number | undefined): number {
  if (asked === undefined || !Number.isFinite(asked)) return DEFAULT_PAGE;
  return Math.min(Math.max(Math.trunc(asked), 1), MAX_PAGE);
}
