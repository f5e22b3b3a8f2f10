/**
 * The portal's only door to the server: JSON over fetch, same origin, problem+json errors.
 * Paths, parameters, bodies and answers are typed by `api-types.ts`, which `npm run openapi`
 * generates from the route schemas: a call the server would not accept does not compile.
 */
import type { components, paths } from './api-types.ts';
import type { DeliveryStatus } from '../domain/delivery.ts';

/** The API's named schemas: `Schemas['Delivery']`, `Schemas['ReasonCode']`… */
export type Schemas = components['schemas'];

export type Account = Schemas['Account'];
export type Subscription = Schemas['Subscription'];
export type SubscriptionDetail = Schemas['SubscriptionDetail'];
export type MyDevice = SubscriptionDetail['devices'][number];
export type Delivery = Schemas['Delivery'];
export type Device = Schemas['Device'];
export type Eligibility = Schemas['Eligibility'];
export type SendResult = Schemas['SendResults']['results'][number];
export type ReasonCode = Schemas['ReasonCode'];

/** What the client keeps of a problem+json answer (a network failure has no type or title). */
export type Problem = Omit<Schemas['Problem'], 'type' | 'title'>;

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail);
    this.problem = problem;
  }
}

/** Fired when the server says the session is gone. */
export const SIGNED_OUT = 'seatpost:signed-out';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][Lowercase<M>]>;

/** The documented paths that answer `method`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P][Lowercase<M>] extends undefined ? never : P;
}[keyof paths];

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Success<R> = R extends { 200: infer A }
  ? Json<A>
  : R extends { 201: infer A }
    ? Json<A>
    : R extends { 202: infer A }
      ? Json<A>
      : undefined;

/** The JSON answer of a call that succeeded (`undefined` for 204). */
export type Answer<M extends Method, P extends PathOf<M>> = Success<Operation<P, M>['responses']>;

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : undefined;
type Query<O> = O extends { parameters: { query?: infer Q } } ? Q : undefined;
type Body<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? undefined
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B | (undefined extends R ? undefined : never)
      : undefined
  : undefined;

/** A call's parameters: those of the path (required when it has any), query, body, headers. */
export type Request<O> = (undefined extends PathParams<O>
  ? { params?: undefined }
  : { params: PathParams<O> }) &
  (undefined extends Body<O> ? { body?: Body<O> } : { body: Body<O> }) & {
    query?: Query<O>;
    headers?: Record<string, string>;
  };

/** The request may be left out when nothing in it is required. */
type Args<O> = Partial<Request<O>> extends Request<O> ? [request?: Request<O>] : [request: Request<O>];

/** A documented path with its parameters filled in, and its query: for links and event streams. */
export function href<P extends PathOf<'GET'>>(path: P, ...[request]: Args<Operation<P, 'GET'>>): string {
  return url(path, request?.params, request?.query);
}

function url(path: string, params: object | undefined, query: object | undefined): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent((params as Record<string, string> | undefined)?.[name] ?? ''),
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') search.set(name, String(value));
  const q = search.toString();
  return q ? `${filled}?${q}` : filled;
}

export async function api<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...[request]: Args<Operation<P, M>>
): Promise<Answer<M, P>> {
  const {
    params,
    query,
    body,
    headers = {},
  } = (request ?? {}) as {
    params?: object;
    query?: object;
    body?: unknown;
    headers?: Record<string, string>;
  };
  let res: Response;
  try {
    res = await fetch(url(path, params, query), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'network' });
  }
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => ({}));
  return settle<Answer<M, P>>(res.status, data, path);
}

/**
 * What an answer means to its caller, however it was fetched (`api()`, or an upload's
 * XMLHttpRequest): its data, or an ApiError with the problem it carried.
 */
export function settle<T>(status: number, data: unknown, path: string): T {
  // A session that ended elsewhere (signed out in another tab, expired): back to the sign-in page.
  if (status === 401 && !path.startsWith('/v1/auth/')) dispatchEvent(new Event(SIGNED_OUT));
  if (status >= 200 && status < 300) return data as T;
  throw new ApiError({ status, code: 'INTERNAL', detail: '', ...(data as Partial<Problem>) });
}

/**
 * The final statuses: nothing moves a delivery on from them. The domain's `FINAL_STATUSES` is a
 * value, and the portal takes only types from the domain, so the table is here, checked whole.
 */
const FINAL_STATUS: Record<DeliveryStatus, boolean> = {
  pending: false,
  delivered: false,
  action_required: false,
  completed: true,
  failed: true,
  cancelled: true,
  expired: true,
};

export function isFinal(status: DeliveryStatus): boolean {
  return FINAL_STATUS[status];
}

/** A text field of a submitted form ('' when absent). */
export function textField(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

/** The code to explain an error by: the server's problem code, or 'generic' for anything else. */
export function errorCode(e: unknown): string {
  return e instanceof ApiError ? e.problem.code : 'generic';
}
