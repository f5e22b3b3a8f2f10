import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Client } from './http.ts';
import { consoleBase, managedDevice, newOrganization } from './organizations.ts';
import type { Customer, TestServer } from './server.ts';

/**
 * The real data the fuzzer's requests reach into: a customer with a subscription, a device, a
 * delivery, installers and a download link; an organization with an admin, a member, a managed
 * device and a delivery from the console. Operations that would destroy it (sign-out,
 * disconnecting, removing a member, blocking) get throwaway objects of their own.
 */
export interface World {
  customer: Customer;
  /** Another signed-in customer, who owns none of the objects above. */
  stranger: Customer;
  admin: Customer;
  member: Customer;
  deviceToken: string;
  /** Sessions of the customer that `POST /v1/auth/sign-out` may end. */
  throwawaySessions: string[];
  /** Real ids for a path parameter of an operation, by `METHOD path` and parameter name. */
  ids(op: { method: string; path: string }, param: string): string[];
  /** Real values for a body property or query parameter (ids, codes, emails), by name. */
  values(name: string): string[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function cookieHeader(c: { api: Client }): string {
  return [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function upload(server: TestServer, productId: string, platform: string, content: string) {
  const query = new URLSearchParams({ platform, version: '22.1.0', fileName: `setup-${platform}.exe` });
  const res = await fetch(`${server.url}/v1/operator/products/${productId}/releases?${query.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/octet-stream' },
    body: content,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

async function signInAgain(server: TestServer, c: Customer): Promise<string> {
  const api = server.anonymous();
  const r = await api.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return cookieHeader({ api });
}

export async function buildWorld(server: TestServer): Promise<World> {
  const product = await server.createProduct({ name: 'Fuzz Security' });
  const installers = [
    await upload(server, product.id, 'windows', 'windows installer'),
    await upload(server, product.id, 'macos', 'macos installer'),
  ];
  const external = await server.operator.post(`/v1/operator/products/${product.id}/releases`, {
    platform: 'android',
    version: '22.0.0',
    url: 'https://downloads.example.com/app.apk',
    sha256: sha256('apk'),
  });
  assert.equal(external.status, 201, JSON.stringify(external.body));
  installers.push(external.body.id);

  const customer = await server.newCustomer();
  const stranger = await server.newCustomer();
  const subscription = await server.subscriptionFor(customer, { product: product.id, seats: 50 });
  const device = await server.newDevice(customer);
  const spareDevices = await Promise.all([1, 2, 3].map(() => server.newDevice(customer)));
  const sent = await server.send(customer, subscription.id, [device.deviceId]);
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const deliveries = sent.body.results.flatMap((r: any) => (r.delivery ? [r.delivery.id] : []));
  const link = await customer.api.post(`/v1/me/subscriptions/${subscription.id}/download-links`, {
    email: customer.email,
  });
  assert.equal(link.status, 202, JSON.stringify(link.body));
  const mail = (await customer.api.get('/v1/me/mailbox')).body.messages.at(-1).text as string;
  const linkToken = /\/d\/([A-Za-z0-9_-]+)/.exec(mail)![1]!;
  const blockable = await server.issueSubscription({ product: product.id });
  const unclaimed = await Promise.all([1, 2].map(() => server.issueSubscription({ product: product.id })));
  const connectCodes = await Promise.all([1, 2].map(() => server.connectCode(customer)));

  const { org, admin, member, subscription: orgSubscription } = await newOrganization(server, 'Fuzz ApS');
  const managed = await managedDevice(server, org, admin, { forAccountId: member.id });
  const spareManaged = await Promise.all([1, 2].map(() => managedDevice(server, org, admin)));
  const consoleSent = await admin.api.post(
    `${consoleBase(org)}/subscriptions/${orgSubscription.id}/deliveries`,
    { deviceIds: [managed.deviceId] },
  );
  assert.equal(consoleSent.status, 200, JSON.stringify(consoleSent.body));
  const consoleDeliveries = consoleSent.body.results.flatMap((r: any) => (r.delivery ? [r.delivery.id] : []));
  const throwawaySessions = await Promise.all([1, 2, 3].map(() => signInAgain(server, customer)));

  const deviceToken = (device.api.headers.authorization ?? '').replace(/^Bearer /, '');
  const spares = spareDevices.map((d) => d.deviceId);
  const byName: Record<string, string[]> = {
    product: [product.id],
    organization: [org],
    forAccountId: [member.id, stranger.id],
    deviceIds: [device.deviceId, managed.deviceId],
    activationCode: unclaimed.map((s) => s.activationCode),
    code: connectCodes,
    email: [customer.email, stranger.email],
    ownerEmail: [customer.email],
    admins: [stranger.email],
    actor: [admin.email],
    targetId: [managed.deviceId, member.id],
    sha256: [sha256('windows installer')],
    token: [linkToken],
  };

  return {
    customer,
    stranger,
    admin,
    member,
    deviceToken,
    throwawaySessions,
    values: (name) => byName[name] ?? [],
    ids({ method, path }, param) {
      if (param === 'org') return [org];
      if (param === 'installerId') return installers;
      if (param === 'token') return [linkToken];
      if (param === 'accountId') return [member.id, stranger.id]; // never the admin: the console must keep one
      if (path.startsWith('/v1/operator/products/')) return [product.id];
      if (path.startsWith('/v1/operator/subscriptions/')) return [blockable.id];
      if (path.startsWith('/v1/me/subscriptions/')) return [subscription.id, orgSubscription.id];
      if (path.startsWith('/v1/me/deliveries/')) return [...deliveries, ...consoleDeliveries];
      if (path.startsWith('/v1/me/devices/'))
        return method === 'DELETE' ? spares : [device.deviceId, managed.deviceId, ...spares];
      if (path.startsWith('/v1/device/deliveries/')) return deliveries;
      if (path.includes('/subscriptions/')) return [orgSubscription.id, subscription.id];
      if (path.includes('/deliveries/')) return consoleDeliveries;
      if (path.includes('/devices/'))
        return method === 'DELETE'
          ? spareManaged.map((d) => d.deviceId)
          : [managed.deviceId, device.deviceId, ...spareManaged.map((d) => d.deviceId)];
      return [];
    },
  };
}
