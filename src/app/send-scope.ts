import type { Channel } from '../domain/model.ts';
import type { Db } from '../store/database.ts';
import type { StoredDevice } from '../store/devices.repository.ts';
import { listOwnedDevices } from '../store/devices.repository.ts';
import { listOrganizationDevices } from '../store/managed-devices.repository.ts';
import type { StoredSubscription } from '../store/subscriptions.repository.ts';
import { accountTopic, organizationTopic } from './notifier.ts';

/**
 * Who sends, from where, and what they may reach: the consumer portal reaches the account's
 * own subscriptions and devices; the admin console reaches the organization's.
 */
export interface SendScope {
  accountId: string;
  channel: Channel;
  /** The region of the devices' owner, for devices that report none. */
  region: string | null;
  senderRole: 'admin' | 'member' | null;
  /** Whether the subscription exists for this sender at all (otherwise: not found). */
  reaches(s: StoredSubscription): boolean;
  /** The devices this sender may send to. */
  devices(db: Db): Promise<StoredDevice[]>;
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
    devices: (db) => listOwnedDevices(db, account.id),
    topic: accountTopic(account.id),
    organizationId: null,
  };
}

export function consoleScope(
  account: { id: string; country: string | null },
  organizationId: string,
  role: 'admin' | 'member',
): SendScope {
  return {
    accountId: account.id,
    channel: 'console',
    region: account.country,
    senderRole: role,
    reaches: (s) => s.organizationId === organizationId,
    devices: (db) => listOrganizationDevices(db, organizationId),
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
