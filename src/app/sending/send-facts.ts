import type { Channel, InstalledApp, Product, Role } from '../../domain/model.ts';
import type { ReasonCode } from '../../domain/reasons.ts';
import type { DeviceFacts, SendFacts } from '../../domain/sending-rules.ts';
import { reasonsNotToSend, reasonsForUnknownDevice } from '../../domain/sending-rules.ts';
import type { Db } from '../../store/database.ts';
import { currentActivations, seatHolders } from '../../store/activations.repository.ts';
import { devicesWithOpenDelivery } from '../../store/deliveries.repository.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import { appsOf } from '../../store/device-apps.repository.ts';
import type { StoredSubscription } from '../../store/subscriptions.repository.ts';

/** What the rules read of a device the sender can see: a stored one, or a listed sendable one. */
type VisibleDevice = Pick<StoredDevice, 'id' | 'accountId' | 'region' | 'disconnectedAt'> & {
  apps?: InstalledApp[];
};

export interface Judge {
  base: Omit<SendFacts, 'device'>;
  devices: Map<string, DeviceFacts>;
  /** Every reason not to send to the device; an id the sender cannot see gets DEVICE_NOT_CONNECTED. */
  reasonsFor(deviceId: string): ReasonCode[];
  /** Records a delivery just made, so the next device in the same send sees its seat and pending state. */
  recordDelivery(deviceId: string): void;
}

/**
 * Loads, in a few queries, the facts the sending rules need for one subscription and a set of
 * devices the sender can see, and returns a judge over them.
 */
export async function loadJudge(
  db: Db,
  input: {
    now: Date;
    channel: Channel;
    subscription: StoredSubscription;
    product: Product;
    senderRole: Role | null;
    /**
     * The devices the sender may send to; any other id is "not connected". A listing that
     * brought the product's app along (`apps`) saves reading it again.
     */
    visibleDevices: readonly VisibleDevice[];
    ownerRegion: string | null;
    exceptDeliveryId?: string;
    /** A replace-send completing: the device whose seat it takes over holds none for this judgement. */
    releasing?: string | null;
  },
): Promise<Judge> {
  const { now, subscription, product } = input;
  const ids = input.visibleDevices.map((d) => d.id);
  const [apps, currents, pending, held] = await Promise.all([
    // Only the product's app matters to the rules: a fleet's other apps are not read.
    input.visibleDevices.every((d) => d.apps !== undefined) ? null : appsOf(db, ids, product.app),
    currentActivations(db, ids),
    devicesWithOpenDelivery(db, ids, now, input.exceptDeliveryId),
    seatHolders(db, subscription.id, now, input.exceptDeliveryId),
  ]);
  const holders = input.releasing
    ? held.filter((h) => !(h.kind === 'activation' && h.deviceId === input.releasing))
    : held;
  const base: Omit<SendFacts, 'device'> = {
    now,
    channel: input.channel,
    subscription,
    product,
    senderRole: input.senderRole,
    seatHolders: holders,
  };
  // One facts object whose device changes per question: the rules only read it, and a fleet's
  // pre-flight asks thousands of times.
  const facts: SendFacts = { ...base, device: null };
  // By device, once: looking each device up in the list made a fleet's pre-flight quadratic.
  const currentByDevice = new Map(currents.filter((a) => a.app === product.app).map((a) => [a.deviceId, a]));
  const devices = new Map<string, DeviceFacts>();
  for (const d of input.visibleDevices) {
    const current = currentByDevice.get(d.id);
    devices.set(d.id, {
      id: d.id,
      personId: d.accountId ?? d.id,
      connected: d.disconnectedAt === null,
      region: d.region ?? input.ownerRegion,
      apps: d.apps ?? apps?.get(d.id) ?? [],
      current: current
        ? {
            subscriptionId: current.subscriptionId,
            expiresAt: current.expiresAt,
            renewal: current.renewal,
            state: current.state,
          }
        : null,
      otherDeliveryPending: pending.has(d.id),
    });
  }
  return {
    base,
    devices,
    reasonsFor(deviceId) {
      const device = devices.get(deviceId);
      if (!device) return reasonsForUnknownDevice(base);
      facts.device = device;
      return reasonsNotToSend(facts);
    },
    recordDelivery(deviceId) {
      const device = devices.get(deviceId);
      if (!device) return;
      device.otherDeliveryPending = true;
      holders.push({ deviceId, personId: device.personId, kind: 'delivery' });
    },
  };
}
