import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../shared/errors.ts';
import type { Settings } from '../shared/deps.ts';

/**
 * Where a webhook may go (SSRF): an https URL (http too in development, i.e. when the service's
 * own public URL is http on localhost, or when `webhookAllowPrivate` is on), whose host resolves
 * only to public addresses. Checked at registration and again at every attempt, where the
 * address checked is the one connected to (see `pinnedLookup`), so that a name re-pointed at an
 * inside address after registration (DNS rebinding) is refused too.
 */
const INSIDE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INSIDE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  INSIDE.addSubnet(net, bits, 'ipv6');
// (An IPv4-mapped IPv6 address, ::ffff:a.b.c.d, is checked by BlockList against the IPv4 rules.)

export function isInsideAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return INSIDE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

function isDevelopment(publicUrl: string): boolean {
  const u = new URL(publicUrl);
  return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** The URL, checked for form and scheme (no lookup): a 400 with a clear code if refused. */
export function parseWebhookUrl(
  raw: string,
  settings: Pick<Settings, 'publicUrl' | 'webhookAllowPrivate'>,
): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('WEBHOOK_URL_INVALID', 'The webhook URL is not a URL', { pointer: '/url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('WEBHOOK_URL_INVALID', 'A webhook URL is https (or http in development)', {
      pointer: '/url',
    });
  if (url.username || url.password)
    throw new AppError('WEBHOOK_URL_INVALID', 'A webhook URL carries no user name or password', {
      pointer: '/url',
    });
  if (url.protocol === 'http:' && !settings.webhookAllowPrivate && !isDevelopment(settings.publicUrl))
    throw new AppError('WEBHOOK_URL_NOT_HTTPS', 'A webhook URL must be https', { pointer: '/url' });
  return url;
}

/** The host's addresses, every one of them checked (an IP literal is its own address). */
export async function resolveWebhookHost(
  url: URL,
  allowPrivate: boolean,
  timeoutMs = 5_000,
): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
        }),
      ]);
    } catch {
      throw new AppError('WEBHOOK_URL_UNRESOLVABLE', `The webhook host ${host} does not resolve`, {
        pointer: '/url',
      });
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0)
      throw new AppError('WEBHOOK_URL_UNRESOLVABLE', `The webhook host ${host} does not resolve`, {
        pointer: '/url',
      });
  }
  if (!allowPrivate && addresses.some((a) => isInsideAddress(a.address)))
    throw new AppError(
      'WEBHOOK_URL_PRIVATE',
      `The webhook host ${host} is a private, loopback or link-local address; webhooks go to public addresses only`,
      { pointer: '/url' },
    );
  return addresses;
}

/** A DNS lookup for node:http that answers with the address already checked, and nothing else. */
export function pinnedLookup(address: ResolvedAddress) {
  return (
    _host: string,
    options: { all?: boolean },
    callback: (err: Error | null, address: string | ResolvedAddress[], family?: number) => void,
  ) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
}
