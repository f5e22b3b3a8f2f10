import type { TSchema } from 'typebox';
import Type from 'typebox';
import { REMEDY_KINDS } from '../domain/remedies.ts';
import { RESERVE_STATUSES } from '../domain/seat-plans.ts';
import { ACTIVATION_END_REASONS } from '../domain/activation.ts';
import { Id, Timestamp } from './schemas.ts';

/** The pre-flight, the send's results and the seat's plans (issue 15): revoke, replace, reserve, remedies. */

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const ReasonRef = Type.Ref('ReasonCode');

export const Remedy = Type.Object(
  {
    kind: Type.Union(REMEDY_KINDS.map((k) => Type.Literal(k))),
    seatHolders: Type.Optional(
      Type.Array(Type.Object({ deviceId: Id, name: Type.String(), lastSeenAt: Timestamp }), {
        description: '`replace`: the devices holding a seat, one of which the send can take over',
      }),
    ),
    startsAt: Type.Optional(
      Type.Union([Timestamp, Type.Null()], {
        description: '`reserve`: when the current subscription ends, and the reserve would start',
      }),
    ),
    installerId: Type.Optional(Type.String({ description: '`update_app`: the installer to update with' })),
    version: Type.Optional(Type.String()),
    platform: Type.Optional(Type.String()),
  },
  { $id: 'Remedy' },
);

export const Eligibility = Type.Object(
  {
    devices: Type.Array(
      Type.Object({
        deviceId: Id,
        name: Type.String(),
        platform: Type.String(),
        eligible: Type.Boolean(),
        reasons: Type.Array(ReasonRef),
        remedies: Type.Array(Type.Ref('Remedy'), {
          description: 'one-step fixes for the reasons, where one exists',
        }),
      }),
    ),
  },
  { $id: 'Eligibility' },
);

export const Reserve = Type.Object(
  {
    id: Id,
    subscriptionId: Id,
    deviceId: Id,
    app: Type.String(),
    status: Type.Union(RESERVE_STATUSES.map((s) => Type.Literal(s))),
    reason: Type.Union([Type.String(), Type.Null()], {
      description: 'why it could not start, once `failed`',
    }),
    createdAt: Timestamp,
    startsAt: NullableTimestamp,
    startedAt: NullableTimestamp,
  },
  { $id: 'Reserve' },
);

export const SendResults = Type.Object(
  {
    sendId: Type.Optional(Type.String({ description: 'the send: undo it whole with …/sends/{sendId}/undo' })),
    results: Type.Array(
      Type.Union([
        Type.Object({ deviceId: Id, delivery: Type.Ref('Delivery') }),
        Type.Object({ deviceId: Id, reasons: Type.Array(ReasonRef) }),
        Type.Object({ deviceId: Id, reserve: Type.Ref('Reserve') }),
      ]),
    ),
  },
  { $id: 'SendResults' },
);

/** The body of a send, in the portal and the console. */
export const SendBody = Type.Object(
  {
    deviceIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }),
    replaces: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'with one device in `deviceIds`: the device whose seat it takes over when it completes (allowed when the only reason is NO_FREE_SLOTS)',
      }),
    ),
    reserve: Type.Optional(
      Type.Boolean({
        description:
          'wait on each device whose current subscription alone refuses it, and start when that one ends',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EndedActivation = Type.Object(
  {
    id: Id,
    deviceId: Id,
    subscriptionId: Id,
    app: Type.String(),
    productName: Type.String(),
    startedAt: Timestamp,
    endedAt: Timestamp,
    endedBecause: Type.Union(ACTIVATION_END_REASONS.map((r) => Type.Literal(r))),
  },
  { $id: 'EndedActivation' },
);

export const Revocation = Type.Object(
  {
    id: Id,
    subscriptionId: Id,
    app: Type.String(),
    productName: Type.Union([Type.String(), Type.Null()]),
    because: Type.Union(ACTIVATION_END_REASONS.map((r) => Type.Literal(r))),
    at: Timestamp,
    ackedAt: NullableTimestamp,
  },
  { $id: 'Revocation' },
);

export const SENDING_SCHEMAS: TSchema[] = [
  Remedy,
  Eligibility,
  Reserve,
  SendResults,
  EndedActivation,
  Revocation,
];
