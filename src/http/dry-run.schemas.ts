import Type from 'typebox';
import { DRY_RUN_ACTIONS, DRY_RUN_EFFECTS } from '../domain/dry-run.ts';

/** The wire shapes of a dry run (issue 18, item 5): `?dryRun=true`, and who would be affected. */

export const DryRunQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description: 'true: answer who would be affected, and change nothing',
      }),
    ),
  },
  { additionalProperties: false },
);

const Timestamp = Type.String({ format: 'date-time' });

/** What a heavy operator action would do, without doing it. */
export const DryRunAnswer = Type.Object(
  {
    dryRun: Type.Literal(true),
    action: Type.Union(DRY_RUN_ACTIONS.map((a) => Type.Literal(a))),
    devices: Type.Array(
      Type.Object({
        deviceId: Type.String(),
        name: Type.String(),
        accountId: Type.Union([Type.String(), Type.Null()]),
        organizationId: Type.Union([Type.String(), Type.Null()]),
        lastSeenAt: Timestamp,
        effects: Type.Array(Type.Union(DRY_RUN_EFFECTS.map((e) => Type.Literal(e)))),
      }),
    ),
    deliveries: Type.Array(
      Type.Object({
        deliveryId: Type.String(),
        deviceId: Type.String(),
        status: Type.Ref('DeliveryStatus'),
        reasons: Type.Array(Type.Ref('ReasonCode'), {
          description:
            'the reasons its app’s apply would fail it with (the first is stored); empty: unaffected',
        }),
      }),
    ),
    activations: Type.Array(
      Type.Object({
        activationId: Type.String(),
        deviceId: Type.String(),
        subscriptionId: Type.String(),
        app: Type.String(),
        endsAt: Type.String({
          format: 'date-time',
          description: 'unless the device checks in or is kept first',
        }),
        endedBecause: Type.Literal('inactive'),
      }),
    ),
    emails: Type.Integer({ description: 'owners who would be emailed now' }),
  },
  { description: 'a dry run: who would be affected; nothing has changed' },
);
