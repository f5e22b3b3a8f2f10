import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Email } from '../schemas.ts';
import { authHeaders } from '../security.ts';

export { Email };
export const Password = Type.String({ minLength: 10, maxLength: 200 });
export const DeviceName = Type.String({ minLength: 1, maxLength: 100 });
export const tags = ['customer'];

/** The signed-in account's id: every route here is scoped to it. */
export function me(req: { account?: { id: string } }): string {
  return req.account!.id;
}

/** Who is at the door: the headers better-auth reads, and the client address limits count by. */
export function client(req: FastifyRequest) {
  return { headers: authHeaders(req), ip: req.ip };
}

export function setCookies(reply: FastifyReply, cookies: string[]): void {
  if (cookies.length > 0) void reply.header('set-cookie', cookies);
}
