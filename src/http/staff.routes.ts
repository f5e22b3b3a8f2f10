import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Auth } from '../app/accounts/accounts.ts';
import type { Deps } from '../app/shared/deps.ts';
import {
  customerView,
  findCustomerByEmail,
  staffOrganizationView,
  staffReference,
} from '../app/staff/customers.ts';
import type { Staff } from '../app/staff/staff.ts';
import { signedInStaff, staffSelf } from '../app/staff/staff.ts';
import {
  staffAddOrganizationAdmin,
  staffFreeSeat,
  staffReinstate,
  staffResendDownloadLink,
  staffResendInvitation,
} from '../app/staff/staff-actions.ts';
import { IdParams, problems } from './route-kit.ts';
import { staffCatalogRoutes } from './staff-catalog.routes.ts';
import { staffWebhookRoutes } from './staff-webhooks.routes.ts';
import { InvitationView } from './schemas.ts';
import { requireAccount, requireSameOrigin } from './security.ts';
import {
  AdminByStaffBody,
  CustomerQuery,
  CustomerView,
  DownloadLinkBody,
  FreeSeatBody,
  OrgInvitationParams,
  ReasonBody,
  RefParams,
  StaffOrganizationView,
  StaffReference,
  StaffSelf,
} from './staff.schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member of the vendor's staff (on `/v1/staff/*`). */
    staff?: Staff;
  }
}

const staffOf = (req: FastifyRequest): Staff => req.staff!;

/**
 * The vendor's support, signed in at the portal as staff with two factors on: look a customer up
 * and help them. The session cookie and the Origin rule are the portal's (`security.ts`); every
 * request re-reads the staff role and the two factors.
 */
export function staffRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    app.addHook('onRequest', async (req) => {
      req.staff = await signedInStaff(deps, req.account!.id);
    });
    const tags = ['staff'];
    const security = [{ session: [] }];
    const refused = [401, 403] as const;

    app.get(
      '/v1/staff/me',
      { schema: { tags, security, response: { 200: StaffSelf, ...problems(...refused) } } },
      async (req) => staffSelf(staffOf(req)),
    );

    app.get(
      '/v1/staff/customers',
      {
        schema: {
          tags,
          security,
          description: 'A customer found by the address of their account.',
          querystring: CustomerQuery,
          response: { 200: CustomerView, ...problems(400, ...refused, 404) },
        },
      },
      async (req) => customerView(deps, (await findCustomerByEmail(deps, req.query.email)).accountId),
    );

    app.get(
      '/v1/staff/customers/:id',
      {
        schema: {
          tags,
          security,
          description:
            "A customer's account, organizations, subscriptions with their seat history, devices, newest deliveries with their timelines, and what staff did for them.",
          params: IdParams,
          response: { 200: CustomerView, ...problems(...refused, 404) },
        },
      },
      async (req) => customerView(deps, req.params.id),
    );

    app.get(
      '/v1/staff/references/:ref',
      {
        schema: {
          tags,
          security,
          description:
            "What a customer's short support reference stands for (as typed: case and hyphens do not matter).",
          params: RefParams,
          response: { 200: StaffReference, ...problems(...refused, 404) },
        },
      },
      async (req) => staffReference(deps, req.params.ref),
    );

    app.get(
      '/v1/staff/organizations/:id',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 200: StaffOrganizationView, ...problems(...refused, 404) },
        },
      },
      async (req) => staffOrganizationView(deps, req.params.id),
    );

    app.post(
      '/v1/staff/customers/:id/download-links',
      {
        schema: {
          tags,
          security,
          description:
            "Emails a new download link for the customer's subscription, to their own address unless `email` is given; the customer's limits apply.",
          params: IdParams,
          body: DownloadLinkBody,
          response: {
            202: Type.Object({ email: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(400, ...refused, 404, 409, 429),
          },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await staffResendDownloadLink(deps, staffOf(req), req.params.id, req.body)),
    );

    app.post(
      '/v1/staff/organizations/:org/invitations/:id/resend',
      {
        schema: {
          tags,
          security,
          description: 'Sends an open invitation again with a new link (the old one stops working).',
          params: OrgInvitationParams,
          body: ReasonBody,
          response: { 200: InvitationView, ...problems(400, ...refused, 404, 410, 429) },
        },
      },
      async (req) =>
        staffResendInvitation(deps, staffOf(req), req.params.org, req.params.id, req.body.reason),
    );

    app.post(
      '/v1/staff/devices/:id/free-seat',
      {
        schema: {
          tags,
          security,
          description:
            "Frees a seat: the subscription's activation on the device ends (why `revoked`) and the device hears of it.",
          params: IdParams,
          body: FreeSeatBody,
          response: { 200: Type.Ref('EndedActivation'), ...problems(400, ...refused, 404, 409) },
        },
      },
      async (req) => staffFreeSeat(deps, staffOf(req), { deviceId: req.params.id, ...req.body }),
    );

    app.post(
      '/v1/staff/subscriptions/:id/reinstate',
      {
        schema: {
          tags,
          security,
          description: 'Reinstates a blocked or suspended subscription (admin role).',
          params: IdParams,
          body: ReasonBody,
          response: { 200: Type.Ref('Subscription'), ...problems(400, ...refused, 404, 409) },
        },
      },
      async (req) => staffReinstate(deps, staffOf(req), req.params.id, req.body.reason),
    );

    app.post(
      '/v1/staff/organizations/:id/admins',
      {
        schema: {
          tags,
          security,
          description: 'Invites `email` as an administrator of the organization (admin role).',
          params: IdParams,
          body: AdminByStaffBody,
          response: { 201: InvitationView, ...problems(400, ...refused, 404) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await staffAddOrganizationAdmin(deps, staffOf(req), req.params.id, req.body)),
    );
    await app.register(staffWebhookRoutes(deps));
    await app.register(staffCatalogRoutes(deps));
  };
}
