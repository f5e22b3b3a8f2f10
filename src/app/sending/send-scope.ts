import type { Channel, Role } from '../../domain/model.ts';
import type { Db } from '../../store/database.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import type { SendableDevice } from '../../store/sendable-devices.repository.ts';
import { listOwnedSendableDevices } from '../../store/sendable-devices.repository.ts';
import { listOrganizationSendableDevices } from '../../store/managed-devices.repository.ts';
import type { StoredSubscription } from '../../store/subscriptions.repository.ts';
import { accountTopic, organizationTopic } from '../shared/notifier.ts';

/**
 * Who sends, from where, and what they may reach: the consumer portal reaches the account's
 * own subscriptions and devices; the admin console reaches the organization's.
 */
export interface SendScope {
  accountId: string;
  channel: Channel;
  /** The region of the devices' owner, for devices that report none. */
  region: string | null;
  senderRole: Role | null;
  /** Whether the subscription exists for this sender at all (otherwise: not found). */
  reaches(s: StoredSubscription): boolean;
  /** The devices this sender may send to, each with the given app's version if installed. */
  devices(db: Db, app: string): Promise<SendableDevice[]>;
  /** Where live updates for this sender's deliveries go. */
  topic: string;
  /** The organization, for the audit log. */
  organizationId: string | null;
}

export function portalScope(account: { id: string; country: string | null }): SendScope {
  return {
    accountId: account.id,
    channel: 'portal',
    region: account.country,
    senderRole: null,
    reaches: (s) => s.ownerAccountId === account.id && s.organizationId === null,
    devices: (db, app) => listOwnedSendableDevices(db, account.id, app),
    topic: accountTopic(account.id),
    organizationId: null,
  };
}

export function consoleScope(
  account: { id: string; country: string | null },
  organizationId: string,
  role: Role,
): SendScope {
  return {
    accountId: account.id,
    channel: 'console',
    region: account.country,
    senderRole: role,
    reaches: (s) => s.organizationId === organizationId,
    devices: (db, app) => listOrganizationSendableDevices(db, organizationId, app),
    topic: organizationTopic(organizationId),
    organizationId,
  };
}

/** Whether a device belongs where the subscription does: its owner's account, or its organization. */
export function deviceBelongsTo(s: StoredSubscription, d: StoredDevice): boolean {
  if (d.disconnectedAt !== null) return false;
  return s.organizationId !== null
    ? d.organizationId === s.organizationId
    : d.organizationId === null && d.accountId === s.ownerAccountId;
}

/** Whether a connected device is one the sender reaches: their own (portal), or the organization's (console). */
export function reachesDevice(
  scope: Pick<SendScope, 'accountId' | 'organizationId'>,
  d: Pick<StoredDevice, 'accountId' | 'organizationId' | 'disconnectedAt'>,
): boolean {
  if (d.disconnectedAt !== null) return false;
  return scope.organizationId
    ? d.organizationId === scope.organizationId
    : d.organizationId === null && d.accountId === scope.accountId;
}
