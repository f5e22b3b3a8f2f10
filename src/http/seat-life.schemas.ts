import Type from 'typebox';
import { ACTIVATION_END_REASONS } from '../domain/activation.ts';
import { oneOf } from './enums.ts';

/**
 * The wire shapes of the life of a seat (issue 15) that the device, portal and console routes
 * share: a connecting app's key and proof, the lost devices and merge suggestions of a device
 * list, and seat history.
 */

const Base64Url = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/** What an app with a key adds to `POST /v1/device/connect` (checked by the use case, so a bad one is `DEVICE_PROOF_INVALID`). */
export const KeyProofFields = {
  publicKey: Type.Optional(Base64Url('base64url of the raw 32-byte Ed25519 public key the app keeps')),
  proof: Type.Optional(
    Base64Url('base64url of the Ed25519 signature of the UTF-8 text `seatpost-connect:<code>`'),
  ),
  hardwareId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'an opaque hint from an app without a key: devices sharing one may be merged',
    }),
  ),
};

export const ReconnectedField = {
  reconnected: Type.Optional(
    Type.Boolean({
      description: 'true: a known key, so the same device with a new token (answered with 200)',
    }),
  ),
};

/** 200 from connect: the same device, reconnected by its key. */
export const Reconnected = Type.Object({
  deviceId: Type.String(),
  token: Type.String(),
  ...ReconnectedField,
  appliedSubscription: Type.Optional(Type.Ref('Activation')),
  notApplied: Type.Optional(
    Type.Object({ subscriptionId: Type.String(), reasons: Type.Array(Type.Ref('ReasonCode')) }),
  ),
});

const Time = Type.String({ format: 'date-time' });

export const LostDeviceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  platform: Type.String(),
  lostAt: Time,
  refusedAttempts: Type.Integer({
    description: 'requests refused since, as recorded: from one address at most one a minute',
  }),
  lastAttempt: Type.Union([
    Type.Object({ at: Time, address: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});

export const DuplicateSuggestionView = Type.Object({
  hardwareId: Type.String(),
  keep: Type.String({ description: 'the newer connection: the one a merge keeps' }),
  duplicates: Type.Array(Type.String()),
});

/** What a device list adds: lost devices (with any refused check-in) and "these look like the same device". */
export const DeviceListExtras = {
  lost: Type.Array(LostDeviceView),
  duplicates: Type.Array(DuplicateSuggestionView),
};

export const LostAnswer = Type.Object({
  deviceId: Type.String(),
  lostAt: Time,
  endedActivations: Type.Array(Type.Object({ subscriptionId: Type.String(), app: Type.String() })),
  cancelledDeliveries: Type.Array(Type.String()),
});

export const MergeBody = Type.Object(
  { duplicateId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const MergeAnswer = Type.Object({
  keptDeviceId: Type.String({ description: 'the newer connection, whichever of the two was named first' }),
  mergedDeviceId: Type.String(),
  movedActivations: Type.Integer(),
  endedActivations: Type.Integer(),
});

export const EndedBecause = Type.Union([oneOf(ACTIVATION_END_REASONS), Type.Null()]);

export const SeatHistory = Type.Object({
  entries: Type.Array(
    Type.Object({
      deviceId: Type.String(),
      deviceName: Type.String(),
      from: Time,
      to: Type.Union([Time, Type.Null()]),
      endedBecause: EndedBecause,
    }),
  ),
});

export const CsvText = Type.String({ description: 'text/csv: a header row, then one row per holding' });

const Timestamp = Type.String({ format: 'date-time' });

/** A device silent long enough to be shown so: the portal's notice; the console's adds its name. */
export const SilentDevice = Type.Object(
  {
    deviceId: Type.String(),
    lastSeenAt: Timestamp,
    lastSeenDaysAgo: Type.Integer({
      minimum: 0,
      description: 'whole days since lastSeenAt, by the server’s clock',
    }),
    endsAt: Type.String({
      format: 'date-time',
      description: 'when its seats free unless it checks in (or is kept)',
    }),
    products: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  },
  { description: 'a silent device of the account' },
);

/** "Keep this device": when it was kept. */
export const Kept = Type.Object({ deviceId: Type.String(), keptAt: Timestamp });
