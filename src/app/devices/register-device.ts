import type { InstalledApp } from '../../domain/model.ts';
import { identityScope } from '../../domain/device-identity.ts';
import type { Db } from '../../store/database.ts';
import { insertIdentity } from '../../store/device-identities.repository.ts';
import { insertDevice } from '../../store/devices.repository.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { emit } from '../webhooks/emit.ts';
import { dedupeApps } from './connect-device.ts';

/** What a device says about itself when it joins: the fields of connect and enrol alike. */
export interface DeviceReport {
  name: string;
  platform: string;
  region?: string;
  apps: InstalledApp[];
}

/**
 * Writes a new device down, inside the caller's transaction, the same way whichever credential
 * let it in: its row and apps, the `device.connected` webhook, and, for an organization's
 * managed device, the `device.enroll` audit entry under `owner` (the account the device joins
 * for, or the maker of the enrolment key) with the caller's extra detail.
 */
export async function registerDevice(
  tx: Db,
  deps: Deps,
  d: {
    id: string;
    token: string;
    owner: { accountId: string; organizationId: string | null; email?: string };
    report: DeviceReport;
    /** A key the app proved it holds: kept, unique within the owner's scope. */
    publicKey?: string | null;
    group?: string | null;
    clientAddress: string;
    auditDetail?: Record<string, unknown>;
  },
  now: Date,
): Promise<void> {
  const { owner, report } = d;
  await insertDevice(
    tx,
    {
      id: d.id,
      accountId: owner.accountId,
      organizationId: owner.organizationId,
      name: report.name,
      platform: report.platform,
      region: report.region?.toUpperCase() ?? null,
      tokenHash: secretHash(d.token),
      group: d.group ?? null,
    },
    dedupeApps(report.apps),
    now,
  );
  if (d.publicKey) {
    const identity = {
      deviceId: d.id,
      scope: identityScope(owner),
      publicKey: d.publicKey,
      hardwareId: null,
    };
    if (!(await insertIdentity(tx, identity, now)))
      throw new AppError('DEVICE_KEY_IN_USE', 'A device with this key is already enrolled here', {
        pointer: '/publicKey',
      });
  }
  await emit(tx, deps, 'device.connected', {
    deviceId: d.id,
    accountId: owner.accountId,
    organizationId: owner.organizationId,
    name: report.name,
    platform: report.platform,
  });
  if (owner.organizationId)
    await recordAudit(tx, deps, owner, d.clientAddress, {
      action: 'device.enroll',
      targetType: 'device',
      targetId: d.id,
      detail: { name: report.name, platform: report.platform, ...d.auditDetail },
    });
}
