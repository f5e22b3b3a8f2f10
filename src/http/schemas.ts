import type { Static, TSchema } from 'typebox';
import Type from 'typebox';
import { REASON_CODES } from '../domain/reasons.ts';
import { DELIVERY_STATUSES } from '../domain/delivery.ts';
import { EMAIL_PATTERN } from '../domain/text.ts';
import { INACTIVE_AFTER_PATTERN } from '../domain/inactivity.ts';
import { Platform, Renewal, Role, SeatUnit, SubscriptionKind, SubscriptionState } from './enums.ts';

/**
 * The wire shapes: one schema validates each request and answer and generates the OpenAPI
 * document. `$id`s make them named components.
 */

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const Region = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 alpha-2 code' });
const AppName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' });
const Version = Type.String({ minLength: 1, maxLength: 50 });
/** A device silent this long loses its activations of the product: hours, days or weeks, e.g. `"90d"`. */
export const InactiveAfter = Type.String({
  pattern: INACTIVE_AFTER_PATTERN,
  description: 'e.g. "90d" (also h, w): a device silent that long loses its activations; absent: never',
});
/** An address to sign up or in with, or be invited with: one rule (sign-up's), lowercased where kept. */
const Email = Type.String({ format: 'email', pattern: EMAIL_PATTERN, minLength: 3, maxLength: 254 });

export const ReasonCode = Type.Union(
  REASON_CODES.map((c) => Type.Literal(c)),
  { $id: 'ReasonCode' },
);
export const DeliveryStatus = Type.Union(
  DELIVERY_STATUSES.map((c) => Type.Literal(c)),
  { $id: 'DeliveryStatus' },
);
const ReasonRef = Type.Ref('ReasonCode');
const StatusRef = Type.Ref('DeliveryStatus');

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    reasons: Type.Optional(Type.Array(ReasonRef)),
    pointer: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Problem' },
);

export const InstalledApp = Type.Object(
  { app: AppName, version: Version },
  { $id: 'InstalledApp', additionalProperties: false },
);

export const Product = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    app: AppName,
    appVersions: Type.String({ minLength: 1, maxLength: 200, description: 'a semver range' }),
    regions: Type.Array(Region, { maxItems: 300 }),
    business: Type.Boolean(),
    perUserService: Type.Boolean(),
    inactiveAfter: Type.Optional(InactiveAfter),
  },
  { $id: 'Product', additionalProperties: false },
);

const SubscriptionFields = {
  id: Id,
  product: Type.Object({
    id: Type.String(),
    name: Type.String(),
    app: Type.String(),
    business: Type.Boolean(),
    perUserService: Type.Boolean(),
  }),
  kind: SubscriptionKind,
  renewal: Renewal,
  unit: SeatUnit,
  seats: Type.Object({ total: Type.Integer(), used: Type.Integer(), reserved: Type.Integer() }),
  startsAt: Timestamp,
  expiresAt: Timestamp,
  state: SubscriptionState,
  expired: Type.Boolean(),
  activationCodeHint: Type.String({ description: 'the last characters of the activation code' }),
};

export const Subscription = Type.Object(SubscriptionFields, { $id: 'Subscription' });

export const Delivery = Type.Object(
  {
    id: Id,
    subscriptionId: Id,
    deviceId: Id,
    status: StatusRef,
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    expiresAt: Timestamp,
    deliveredAt: NullableTimestamp,
    actionRequiredAt: NullableTimestamp,
    finishedAt: NullableTimestamp,
  },
  { $id: 'Delivery' },
);

export const MyDevice = Type.Object({
  deviceId: Id,
  name: Type.String(),
  platform: Type.String(),
  /** The delivery being sent or last sent to it, if any. */
  delivery: Type.Union([Type.Ref('Delivery'), Type.Null()]),
  status: Type.Union([StatusRef, Type.Literal('active')]),
  active: Type.Boolean(),
  /** A reserve waiting on it (schemas-sending.ts): "Starts on …". */
  reserve: Type.Optional(Type.Ref('Reserve')),
  /** Completed once, since ended under it: revoked, replaced… (`ActivationEndReason`). */
  ended: Type.Optional(Type.Object({ because: Type.String(), at: Timestamp })),
});

export const SubscriptionDetail = Type.Object(
  { ...SubscriptionFields, devices: Type.Array(MyDevice) },
  { $id: 'SubscriptionDetail' },
);

export const CurrentSubscriptionView = Type.Object({
  app: Type.String(),
  subscriptionId: Id,
  productName: Type.String(),
  expiresAt: Timestamp,
  renewal: Type.String(),
});

export const Device = Type.Object(
  {
    id: Id,
    name: Type.String(),
    platform: Type.String(),
    region: Type.Union([Type.String(), Type.Null()]),
    group: Type.Union([Type.String(), Type.Null()]),
    apps: Type.Array(Type.Ref('InstalledApp')),
    current: Type.Array(CurrentSubscriptionView),
    connectedAt: Timestamp,
    lastSeenAt: Timestamp,
  },
  { $id: 'Device' },
);

export const Account = Type.Object(
  {
    id: Id,
    email: Type.String(),
    name: Type.String(),
    country: Type.Union([Type.String(), Type.Null()]),
    language: Type.Union([Type.String(), Type.Null()]),
    /** Whether the address is proven: until then, subscriptions issued to it and invitations to it wait. */
    emailVerified: Type.Boolean(),
    twoFactorEnabled: Type.Boolean(),
  },
  { $id: 'Account' },
);

/** What the device's app receives: the delivery and what it carries. */
export const DeviceDelivery = Type.Object(
  {
    id: Id,
    status: StatusRef,
    createdAt: Timestamp,
    expiresAt: Timestamp,
    subscription: Type.Object({
      id: Id,
      productId: Type.String(),
      productName: Type.String(),
      app: Type.String(),
      kind: Type.String(),
      renewal: Type.String(),
      expiresAt: Timestamp,
    }),
  },
  { $id: 'DeviceDelivery' },
);

export const Activation = Type.Object(
  {
    app: Type.String(),
    subscriptionId: Id,
    productId: Type.String(),
    productName: Type.String(),
    kind: Type.String(),
    renewal: Type.String(),
    expiresAt: Timestamp,
    activatedAt: Timestamp,
  },
  { $id: 'Activation' },
);

export const Installer = Type.Object(
  {
    id: Id,
    productId: Type.String(),
    platform: Platform,
    version: Type.String(),
    fileName: Type.String(),
    size: Type.Union([Type.Integer(), Type.Null()], {
      description: 'bytes; null when the vendor did not say',
    }),
    sha256: Type.String({ description: 'hex SHA-256 of the file' }),
    source: Type.Union([Type.Literal('upload'), Type.Literal('external')]),
    createdAt: Timestamp,
  },
  { $id: 'Installer' },
);

const InvitationView = Type.Object({
  id: Id,
  email: Type.String(),
  role: Role,
  createdAt: Timestamp,
  expiresAt: Timestamp,
});

export const Organization = Type.Object(
  { id: Id, name: Type.String(), createdAt: Timestamp, invitations: Type.Array(InvitationView) },
  { $id: 'Organization' },
);

export const Members = Type.Object(
  {
    members: Type.Array(
      Type.Object({
        accountId: Id,
        email: Type.String(),
        name: Type.String(),
        role: Role,
        since: Timestamp,
      }),
    ),
    invitations: Type.Array(InvitationView),
  },
  { $id: 'Members' },
);

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Timestamp,
    actor: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'AuditEntry' },
);

export const SHARED_SCHEMAS: TSchema[] = [
  Installer,
  Organization,
  Members,
  AuditEntry,
  ReasonCode,
  DeliveryStatus,
  Problem,
  InstalledApp,
  Product,
  Subscription,
  Delivery,
  SubscriptionDetail,
  Device,
  Account,
  DeviceDelivery,
  Activation,
];

export type ProductBody = Static<typeof Product>;
export const ref = (id: string) => Type.Ref(id);
export { Id, Timestamp, Region, AppName, Version, Email, InvitationView };
