import type { FastifyInstance } from 'fastify';

/**
 * The portal is built by Vite into files of its own, so the policy needs no inline script; the
 * download page sets a stricter policy of its own (a nonce). Nothing of ours may be framed.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The API's answers are data, never a page: rendered as a document by mistake (a sniffing
 * browser, a link opened to one), they may load nothing and run nothing (OWASP's REST advice).
 */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export interface SecurityHeaders {
  /** For the portal's pages and files. */
  page: Readonly<Record<string, string>>;
  /** For the API: the same but a policy that allows nothing, and never cached (the answers are the caller's own data). */
  api: Readonly<Record<string, string>>;
}

/**
 * The security headers of every answer, computed once: they are the same for every request, and
 * the device API's check-in is the hot path of the whole service, so they cost one hook that
 * copies a fixed set (no per-request policy building, no async hook).
 */
export function securityHeaders(publicUrl: string): SecurityHeaders {
  const page: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
  // Only an https origin can promise https; on plain http (a laptop, a test) HSTS would be a lie.
  if (publicUrl.startsWith('https:'))
    page['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return {
    page,
    api: { ...page, 'content-security-policy': API_CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' },
  };
}

/**
 * Sets the headers on every answer, with its request id (`x-request-id`), in one synchronous hook;
 * a route may still replace one (the download page's policy).
 */
export function addSecurityHeaders(app: FastifyInstance, headers: SecurityHeaders): void {
  const api = Object.entries(headers.api);
  const page = Object.entries(headers.page);
  app.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    for (const [name, value] of req.url.startsWith('/v1/') ? api : page) void reply.header(name, value);
    done();
  });
}
