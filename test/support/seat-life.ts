import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Client } from './http.ts';
import type { Customer, TestDevice, TestServer } from './server.ts';

/** An app's Ed25519 key pair, as the device API names the public half (raw, base64url). */
export interface DeviceKey {
  privateKey: KeyObject;
  publicKey: string;
}

export function newDeviceKey(): DeviceKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKey.export({ format: 'jwk' }).x! };
}

/** The proof of `key` for `code`: the signature of `seatpost-connect:<code>`. */
export function proofFor(key: DeviceKey, code: string): string {
  return sign(null, Buffer.from(`seatpost-connect:${code}`), key.privateKey).toString('base64url');
}

/** Connects with a fresh code of the customer's, proving `key`; the raw answer. */
export async function connectWithKey(
  server: TestServer,
  customer: Customer,
  key: DeviceKey,
  extra: Record<string, unknown> = {},
  code?: string,
) {
  const c = code ?? (await server.connectCode(customer));
  return server.anonymous().post('/v1/device/connect', {
    code: c,
    name: 'Laptop',
    platform: 'windows',
    apps: [{ app: 'seatpost-security', version: '22.1.0' }],
    publicKey: key.publicKey,
    proof: proofFor(key, c),
    ...extra,
  });
}

export function deviceFrom(server: TestServer, body: { deviceId: string; token: string }): TestDevice {
  return {
    deviceId: body.deviceId,
    token: body.token,
    api: new Client(server.url, { authorization: `Bearer ${body.token}` }),
  };
}

/** Sends the subscription to the device and has the device complete it: an activation. */
export async function activate(
  server: TestServer,
  customer: Customer,
  device: TestDevice,
  subscriptionId: string,
) {
  const sent = await server.send(customer, subscriptionId, [device.deviceId]);
  const delivery = sent.body.results[0].delivery;
  if (!delivery) throw new Error(`send refused: ${JSON.stringify(sent.body)}`);
  const done = await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`);
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  return delivery.id as string;
}

export async function seatsUsed(customer: Customer, subscriptionId: string): Promise<number> {
  const r = await customer.api.get(`/v1/me/subscriptions/${subscriptionId}`);
  return r.body.seats.used;
}
