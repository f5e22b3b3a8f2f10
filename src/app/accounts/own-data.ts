import { inTransaction } from '../../store/database.ts';
import {
  anonymizeAccount,
  deleteMailTo,
  releaseHoldings,
  scrubAudit,
} from '../../store/account-deletion.repository.ts';
import { listOwnedDevices } from '../../store/devices.repository.ts';
import { countAdmins, organizationsOf } from '../../store/organizations.repository.ts';
import { accessChanged } from '../shared/stream-access.ts';
import { disconnect, listMyDevices } from '../devices/customer-devices.ts';
import { listMySubscriptions } from '../sending/subscriptions.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import { accountTopic, deviceTopic } from '../shared/notifier.ts';
import type { AccountView, Auth } from './accounts.ts';
import type { Client } from './client.ts';
import { listSessions } from './sessions.ts';
import { proveSecondFactor } from './two-factor.ts';

/** Everything the service keeps about the account, as the account sees it, in one JSON document. */
export async function exportAccount(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  sessionId: string,
  headers: Headers,
) {
  const [subscriptions, devices, organizations, sessions] = await Promise.all([
    listMySubscriptions(deps, account.id),
    listMyDevices(deps, account.id),
    organizationsOf(deps.db, account.id),
    listSessions(auth, sessionId, headers),
  ]);
  return {
    exportedAt: deps.clock.now().toISOString(),
    account,
    subscriptions,
    devices,
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    sessions,
  };
}

/**
 * Deletes the account, proven with the password and (when on) the second factor: its devices are
 * disconnected (their seats freed), its subscriptions go back to their activation codes, its
 * memberships end, its audit entries stay without its address, and every session ends. The last
 * admin of an organization must hand it over first.
 */
export async function deleteAccount(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  body: { password: string; code?: string },
  client: Client,
): Promise<void> {
  const attempt = await reserveAttempt(deps, [
    { key: `delete-account:account:${account.id}`, limit: 10, windowMs: 15 * 60_000 },
    { key: `delete-account:client:${client.ip}`, limit: 50, windowMs: 15 * 60_000 },
  ]);
  const checked = await auth.api.verifyPassword({
    body: { password: body.password },
    headers: client.headers,
    asResponse: true,
  });
  if (!checked.ok)
    throw new AppError('INVALID_CREDENTIALS', 'The password is not right', { pointer: '/password' });
  if (account.twoFactorEnabled) {
    if (!body.code) throw new AppError('TWO_FACTOR_REQUIRED', 'Enter a code from your authenticator app');
    await proveSecondFactor(auth, body.code, client);
  }
  await attempt.forgive();
  const devices = await inTransaction(deps.db, async (tx) => {
    for (const o of await organizationsOf(tx, account.id))
      if (o.role === 'admin' && (await countAdmins(tx, o.id)) <= 1)
        throw new AppError('LAST_ADMIN', `You are the last administrator of ${o.name}: add another first`);
    const owned = await listOwnedDevices(tx, account.id);
    for (const d of owned) await disconnect(tx, deps, d.id);
    await releaseHoldings(tx, account.id, deps.clock.now());
    await scrubAudit(tx, account.id, account.email);
    await deleteMailTo(tx, account.email);
    await anonymizeAccount(tx, account.id, deps.clock.now());
    return owned;
  });
  // Every session ends (better-auth's own deletion, so that the account's open streams hear of it).
  await auth.api.revokeSessions({ headers: client.headers });
  for (const d of devices) deps.notifier.publish(deviceTopic(d.id), { disconnected: true });
  deps.notifier.publish(accountTopic(account.id), { refresh: true });
  accessChanged(deps.notifier, account.id);
}
