/** The portal's only door to the server: JSON over fetch, same origin, problem+json errors. */
import type { DeliveryStatus } from '../domain/delivery.ts';
import { FINAL_STATUSES } from '../domain/delivery.ts';

export interface Problem {
  status: number;
  code: string;
  detail: string;
  reasons?: string[];
  pointer?: string;
  requestId?: string;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
}

/** Fired when the server says the session is gone. */
export const SIGNED_OUT = 'seatpost:signed-out';

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'network' });
  }
  // A session that ended elsewhere (signed out in another tab, expired): back to the sign-in page.
  if (res.status === 401 && !path.startsWith('/v1/auth/')) dispatchEvent(new Event(SIGNED_OUT));
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError({ status: res.status, code: 'INTERNAL', detail: '', ...(data as Partial<Problem>) });
  return data as T;
}

export type { DeliveryStatus };
/** The final statuses, from the domain's own table (a pure module, shared with the server). */
export const FINAL: readonly string[] = FINAL_STATUSES;

export interface Account {
  id: string;
  email: string;
  name: string;
  country: string | null;
  language: string | null;
}

export interface Subscription {
  id: string;
  product: { id: string; name: string; app: string; business: boolean; perUserService: boolean };
  kind: 'paid' | 'trial' | 'free';
  renewal: 'limited' | 'auto';
  unit: 'device' | 'user';
  seats: { total: number; used: number; reserved: number };
  expiresAt: string;
  state: 'active' | 'blocked' | 'suspended';
  expired: boolean;
  activationCodeHint: string;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  deviceId: string;
  status: DeliveryStatus;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MyDevice {
  deviceId: string;
  name: string;
  platform: string;
  delivery: Delivery | null;
  status: DeliveryStatus | 'active';
  active: boolean;
}

export interface SubscriptionDetail extends Subscription {
  devices: MyDevice[];
}

export interface Device {
  id: string;
  name: string;
  platform: string;
  group: string | null;
  apps: { app: string; version: string }[];
  current: { app: string; subscriptionId: string; productName: string; expiresAt: string }[];
  lastSeenAt: string;
}

export interface Eligibility {
  devices: { deviceId: string; name: string; platform: string; eligible: boolean; reasons: string[] }[];
}

export type SendResult = { deviceId: string; delivery: Delivery } | { deviceId: string; reasons: string[] };

/** A text field of a submitted form ('' when absent). */
export function textField(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

/** The code to explain an error by: the server's problem code, or 'generic' for anything else. */
export function errorCode(e: unknown): string {
  return e instanceof ApiError ? e.problem.code : 'generic';
}
