import Type from 'typebox';
import { DELIVERY_STATUSES } from '../../domain/delivery.ts';
import { DEVICE_SORTS, MAX_PAGE, SORT_ORDERS } from '../../domain/console-lists.ts';
import { oneOf } from '../enums.ts';

/** The console's paged lists: the query every one takes, and what the pages answer. */

export const Cursor = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: 'the `nextCursor` of the page before; opaque, and refused (INVALID_CURSOR) when altered',
});
/** Rows a page, 1 to MAX_PAGE (a query string is text: the pattern bounds it). */
export const Limit = Type.String({
  pattern: '^([1-9][0-9]?|[1-4][0-9][0-9]|500)$',
  description: `rows a page, 1 to ${MAX_PAGE}; 50 by default`,
});
export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'pass as `cursor` for the next page; null on the last page',
});

export const DevicesQuery = Type.Object({
  platform: Type.Optional(Type.String({ maxLength: 40 })),
  group: Type.Optional(Type.String({ maxLength: 100 })),
  name: Type.Optional(Type.String({ maxLength: 100, description: 'a part of the name, any case' })),
  sort: Type.Optional(oneOf(DEVICE_SORTS)),
  order: Type.Optional(oneOf(SORT_ORDERS)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(oneOf(DELIVERY_STATUSES)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const ListedDelivery = Type.Intersect([
  Type.Ref('Delivery'),
  Type.Object({
    sendId: Type.Union([Type.String(), Type.Null()]),
    deviceName: Type.String(),
  }),
]);

export const UndoneSend = Type.Object({
  sendId: Type.String(),
  cancelled: Type.Array(Type.Ref('Delivery')),
  notUndone: Type.Array(
    Type.Object({ deliveryId: Type.String(), deviceId: Type.String(), status: oneOf(DELIVERY_STATUSES) }),
    { description: 'deliveries of the send that had already reached a final status' },
  ),
});

export const AuditPageQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 50 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'entries at or after' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'entries before' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'entries with a smaller id' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Intersect([
      Type.Ref('AuditEntry'),
      Type.Object({ actorName: Type.Union([Type.String(), Type.Null()]) }),
    ]),
  ),
  names: Type.Record(Type.String(), Type.String(), {
    description: 'what the ids the entries mention are called: devices, subscriptions, people',
  }),
  nextCursor: NextCursor,
});
