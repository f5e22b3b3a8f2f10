import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { OAuthRefusal } from '../app/devices/device-authorization.ts';
import { pollDeviceToken, refusal, requestDeviceAuthorization } from '../app/devices/device-authorization.ts';
import type { Deps } from '../app/shared/deps.ts';
import { AppError } from '../app/shared/errors.ts';
import { DEVICE_CODE_GRANT_TYPE, OAUTH_ERRORS } from '../domain/device-flow.ts';
import { errorHandler } from './problem.ts';

/**
 * RFC 8628 for devices without a keyboard, as the RFCs say rather than as the rest of the API:
 * form-encoded requests, and errors as `{ error, error_description }` (RFC 6749 §5.2), never
 * cached. The form parser and the error format are scoped to these routes only.
 */
export const DEVICE_AUTHORIZATION_PATH = '/v1/oauth/device_authorization';
export const TOKEN_PATH = '/v1/oauth/token';

const tags = ['device'];
const FORM = 'application/x-www-form-urlencoded';
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const OAuthErrorBody = Type.Object(
  {
    error: Type.Union(OAUTH_ERRORS.map((e) => Type.Literal(e))),
    error_description: Type.String(),
  },
  { description: 'RFC 6749 §5.2 / RFC 8628 §3.5' },
);

/** GET /.well-known/oauth-authorization-server: RFC 8414 metadata, the issuer being the public URL. */
export function oauthMetadataRoute(deps: Deps): FastifyPluginAsyncTypebox {
  const base = deps.settings.publicUrl;
  const metadata = {
    issuer: base,
    device_authorization_endpoint: base + DEVICE_AUTHORIZATION_PATH,
    token_endpoint: base + TOKEN_PATH,
    grant_types_supported: [DEVICE_CODE_GRANT_TYPE],
    // No authorization endpoint: nothing is done by redirecting a browser.
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: ['none'],
  };
  return async (app) => {
    app.get(
      '/.well-known/oauth-authorization-server',
      {
        schema: {
          tags,
          response: {
            200: Type.Object({
              issuer: Type.String(),
              device_authorization_endpoint: Type.String(),
              token_endpoint: Type.String(),
              grant_types_supported: Type.Array(Type.String()),
              response_types_supported: Type.Array(Type.String()),
              token_endpoint_auth_methods_supported: Type.Array(Type.String()),
            }),
          },
        },
      },
      async () => metadata,
    );
  };
}

export function oauthRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 8 * 1024 }, parseForm);
    app.setErrorHandler(oauthErrorHandler);
    app.addHook('preValidation', async (req) => {
      if (!req.headers['content-type']?.toLowerCase().startsWith(FORM))
        throw new AppError('VALIDATION_FAILED', `The request must be ${FORM}`);
    });
    app.addHook('onSend', async (_req, reply) => {
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    });

    app.post(
      DEVICE_AUTHORIZATION_PATH,
      {
        schema: {
          tags,
          summary: 'RFC 8628 §3.1: a device code and a user code to show',
          description:
            '`client_id` is `seatpost-device`. Optional hints shown to the person who approves: ' +
            '`device_name` and `platform` (the device is connected with them).',
          consumes: [FORM],
          body: Type.Object({
            client_id: Text(100),
            device_name: Type.Optional(Text(100)),
            platform: Type.Optional(Text(40)),
            scope: Type.Optional(Type.String({ maxLength: 1000 })),
          }),
          response: {
            200: Type.Object({
              device_code: Type.String(),
              user_code: Type.String({ description: '8 letters, shown XXXX-XXXX' }),
              verification_uri: Type.String(),
              verification_uri_complete: Type.String(),
              expires_in: Type.Number(),
              interval: Type.Number(),
            }),
            400: OAuthErrorBody,
            429: OAuthErrorBody,
          },
        },
      },
      async (req, reply) => {
        const answer = await requestDeviceAuthorization(
          deps,
          { clientId: req.body.client_id, deviceName: req.body.device_name, platform: req.body.platform },
          req.ip,
        );
        if ('error' in answer) return sendRefusal(reply, answer);
        return answer;
      },
    );

    app.post(
      TOKEN_PATH,
      {
        schema: {
          tags,
          summary: 'RFC 8628 §3.4: poll with the device code; once approved, a device token',
          consumes: [FORM],
          body: Type.Object({
            grant_type: Text(200),
            device_code: Type.Optional(Text(200)),
            client_id: Type.Optional(Text(100)),
          }),
          response: {
            200: Type.Object({
              access_token: Type.String({ description: 'a device token for the device API' }),
              token_type: Type.Literal('Bearer'),
              device_id: Type.String(),
            }),
            400: OAuthErrorBody,
          },
        },
      },
      async (req, reply) => {
        const { grant_type, device_code, client_id } = req.body;
        if (grant_type !== DEVICE_CODE_GRANT_TYPE)
          return sendRefusal(reply, refusal('unsupported_grant_type'));
        if (!device_code || !client_id)
          return sendRefusal(reply, refusal('invalid_request', 'device_code and client_id are required'));
        const answer = await pollDeviceToken(deps, { clientId: client_id, deviceCode: device_code }, req.ip);
        if ('error' in answer) return sendRefusal(reply, answer);
        return {
          access_token: answer.accessToken,
          token_type: 'Bearer' as const,
          device_id: answer.deviceId,
        };
      },
    );
  };
}

function sendRefusal(reply: FastifyReply, r: OAuthRefusal, status = 400, retryAfterSeconds?: number) {
  if (retryAfterSeconds) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).send({ error: r.error, error_description: r.description });
}

/** RFC 6749 §3.2 and §3.1: a form whose parameters are each sent once at most. */
function parseForm(
  _req: FastifyRequest,
  body: string | Buffer,
  done: (err: Error | null, body?: unknown) => void,
) {
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body.toString())) {
    if (Object.hasOwn(form, name)) return done(new AppError('VALIDATION_FAILED', `${name} is given twice`));
    form[name] = value;
  }
  done(null, form);
}

/** Refusals the RFC way; the service's own failures (storage, bugs) still as problem+json. */
function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError && error.code === 'RATE_LIMITED')
    return sendRefusal(reply, refusal('slow_down', error.message), 429, error.retryAfterSeconds);
  const invalid =
    error.validation !== undefined ||
    (error instanceof AppError && error.code === 'VALIDATION_FAILED') ||
    (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500);
  if (invalid) return sendRefusal(reply, refusal('invalid_request', invalidDescription(error)));
  return errorHandler(error, request, reply);
}

function invalidDescription(error: FastifyError): string {
  if (!error.validation) return error.message;
  const v = error.validation[0];
  const missing = (v?.params as { missingProperty?: string } | undefined)?.missingProperty;
  return missing
    ? `${missing} is required`
    : `${v?.instancePath.slice(1) || 'the form'} ${v?.message ?? 'is invalid'}`;
}
