import Type from 'typebox';
import { STAFF_ACTIONS, STAFF_REASON_MAX, STAFF_REASON_MIN, STAFF_ROLES } from '../domain/staff.ts';
import { oneOf, Role } from './enums.ts';
import { OrganizationRead } from './operator-organizations.routes.ts';
import { SeatHistory } from './seat-life.schemas.ts';
import { Email } from './schemas.ts';

/** The vendor's staff and the support API's schemas (`/v1/operator/staff`, `/v1/staff/*`). */

const Time = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const StaffRole = oneOf(STAFF_ROLES);

export const StaffMember = Type.Object({
  accountId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: StaffRole,
  since: Time,
});

export const NewStaff = Type.Object({ email: Email, role: StaffRole }, { additionalProperties: false });

export const StaffSelf = Type.Object({
  accountId: Type.String(),
  email: Type.String(),
  role: StaffRole,
  actions: Type.Array(oneOf(STAFF_ACTIONS), { description: 'the actions this member of staff may take' }),
});

export const Reason = Type.String({
  minLength: STAFF_REASON_MIN,
  maxLength: STAFF_REASON_MAX,
  description: 'why: kept in the staff audit with who did it and when',
});

export const StaffAuditEntry = Type.Object({
  id: Type.Integer(),
  at: Time,
  staff: Type.String({ description: 'the address of the member of staff' }),
  action: oneOf(STAFF_ACTIONS),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const StaffReference = Type.Object({
  reference: Type.String(),
  createdAt: Time,
  expiresAt: Time,
  reasons: Type.Array(Type.String()),
  accountId: Type.String(),
  subscriptionId: Type.Union([Type.String(), Type.Null()]),
  deviceId: Type.Union([Type.String(), Type.Null()]),
});

export const TimelineStep = Type.Object({ status: Type.String(), at: Time });

export const CustomerView = Type.Object({
  account: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    emailVerified: Type.Boolean(),
    createdAt: Time,
  }),
  organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Role })),
  subscriptions: Type.Array(
    Type.Intersect([Type.Ref('Subscription'), Type.Object({ seatHistory: SeatHistory.properties.entries })]),
  ),
  devices: Type.Array(Type.Ref('Device')),
  deliveries: Type.Array(
    Type.Intersect([
      Type.Ref('Delivery'),
      Type.Object({
        deviceName: Type.String(),
        timeline: Type.Array(TimelineStep, { description: 'its status changes, oldest first' }),
      }),
    ]),
    { description: 'the newest 50, to its devices or of its subscriptions' },
  ),
  audit: Type.Array(StaffAuditEntry, { description: 'what staff did for the account and its organizations' }),
});

export const StaffOrganizationView = Type.Intersect([
  OrganizationRead,
  Type.Object({
    audit: Type.Array(Type.Ref('AuditEntry'), { description: "the organization's own audit log, newest 50" }),
    staffAudit: Type.Array(StaffAuditEntry),
  }),
]);

export const CustomerQuery = Type.Object({ email: Email });
export const RefParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 40 }) });
export const OrgInvitationParams = Type.Object({ org: Id, id: Id });

export const DownloadLinkBody = Type.Object(
  { subscriptionId: Id, email: Type.Optional(Email), reason: Reason },
  { additionalProperties: false },
);
export const FreeSeatBody = Type.Object(
  { subscriptionId: Id, reason: Reason },
  { additionalProperties: false },
);
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const AdminByStaffBody = Type.Object(
  { email: Email, reason: Reason },
  { additionalProperties: false },
);
