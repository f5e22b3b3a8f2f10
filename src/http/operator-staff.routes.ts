import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import { addStaff, removeStaff, staffMembers } from '../app/staff/staff.ts';
import { NoContent, problems } from './route-kit.ts';
import { requireOperator } from './security.ts';
import { NewStaff, StaffMember } from './staff.schemas.ts';

/** The operator makes and unmakes the vendor's staff (support and admin roles). */
export function operatorStaffRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    const security = [{ operatorKey: [] }];
    const tags = ['operator'];

    app.post(
      '/v1/operator/staff',
      {
        schema: {
          tags,
          security,
          description:
            'Makes an existing account (by its address) staff with `role`, or changes its role. Staff use ' +
            '`/v1/staff/*` with their portal session, and only with two factors turned on.',
          body: NewStaff,
          response: { 201: StaffMember, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => reply.code(201).send(await addStaff(deps, req.body)),
    );

    app.get(
      '/v1/operator/staff',
      {
        schema: {
          tags,
          security,
          response: { 200: Type.Object({ staff: Type.Array(StaffMember) }), ...problems(401) },
        },
      },
      async () => ({ staff: await staffMembers(deps) }),
    );

    app.delete(
      '/v1/operator/staff/:accountId',
      {
        schema: {
          tags,
          security,
          description: 'Takes the staff role away; the account stays.',
          params: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: { 204: NoContent, ...problems(401, 404) },
        },
      },
      async (req, reply) => {
        await removeStaff(deps, req.params.accountId);
        return reply.code(204).send(null);
      },
    );
  };
}
