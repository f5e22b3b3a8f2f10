import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { deliverDueMail, smtpTransport } from '../../src/app/shared/mail.ts';
import type { Answer } from './http.ts';
import { ManualClock, startTestServer } from './server.ts';
import type { Customer, TestServer } from './server.ts';
import { TestSmtp } from './smtp.ts';

/** Builders for the tests of installers and download links: a server with SMTP, a clock, uploads, links. */

export const WINDOWS_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
export const MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The token of the download link in a mail's text or HTML. */
export function tokenIn(text: string): string {
  const m = /\/d\/([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(m, `a download link in:\n${text}`);
  return m[1]!;
}

export interface DownloadLinkServer {
  readonly server: TestServer;
  /** The server's clock: tests move it to pass rate-limit hours, backoffs and a link's expiry. */
  readonly clock: ManualClock;
  /** The SMTP server the outbox sends to. */
  readonly smtp: TestSmtp;
  /** Runs the outbox once, as its worker would; resolves how many messages it tried. */
  deliver(): Promise<number>;
  /** The mails that arrived for `address`. */
  mailTo(address: string): ParsedMail[];
  /** Uploads an installer's bytes as the operator. */
  upload(
    productId: string,
    platform: string,
    version: string,
    content: string,
    extra?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  /** A product with installers for Windows and macOS (uploaded) and Android (the vendor's own URL). */
  productWithInstallers(
    p?: Parameters<TestServer['createProduct']>[0],
  ): ReturnType<TestServer['createProduct']>;
  sendLink(customer: Customer, subscriptionId: string, email: string): Promise<Answer>;
  /** Sends a link to the customer's own address and returns its token, read from the mail that arrived. */
  linkFor(customer: Customer, subscriptionId: string): Promise<string>;
}

/**
 * Starts an SMTP server and a Seatpost server on a manual clock before the tests of the file that
 * calls it (with low rate limits, so that tests reach them), and stops both after.
 */
export function useDownloadLinkServer(): DownloadLinkServer {
  const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
  const smtp = new TestSmtp();
  let server: TestServer | undefined;
  before(async () => {
    await smtp.start();
    server = await startTestServer({
      clock,
      settings: {
        downloadLinksPerAccountPerHour: 4,
        downloadLinksPerRecipientPerDay: 3,
        linkCodesPerLinkPerHour: 5,
      },
    });
  });
  after(async () => {
    await server?.close();
    await smtp.stop();
  });

  const transport = () => smtpTransport(smtp.url, 'Seatpost <no-reply@seatpost.test>');

  const ctx: DownloadLinkServer = {
    get server() {
      assert.ok(server, 'the server starts before the tests');
      return server;
    },
    clock,
    smtp,

    deliver: () => deliverDueMail(ctx.server.service.deps, transport()),

    mailTo: (address) => smtp.received.filter((m) => JSON.stringify(m.to ?? '').includes(address)),

    async upload(productId, platform, version, content, extra = {}) {
      const query = new URLSearchParams({
        platform,
        version,
        fileName: `demo-${version}-${platform}.txt`,
        ...extra,
      });
      const res = await fetch(
        `${ctx.server.url}/v1/operator/products/${productId}/releases?${query.toString()}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.server.operatorKey}`,
            'content-type': 'application/octet-stream',
          },
          body: content,
        },
      );
      return { status: res.status, body: (await res.json()) as any };
    },

    async productWithInstallers(p = {}) {
      const product = await ctx.server.createProduct({ appVersions: '>=21.0.0 <23', ...p });
      assert.equal(
        (await ctx.upload(product.id, 'windows', '22.1.0', `windows installer of ${product.id}`)).status,
        201,
      );
      assert.equal(
        (await ctx.upload(product.id, 'macos', '22.1.0', `macos installer of ${product.id}`)).status,
        201,
      );
      const android = await ctx.server.operator.post(`/v1/operator/products/${product.id}/releases`, {
        platform: 'android',
        version: '22.0.0',
        url: `https://downloads.example.com/${product.id}/app-22.0.0.apk`,
        sha256: 'a'.repeat(64),
        size: 31_000_000,
      });
      assert.equal(android.status, 201);
      return product;
    },

    sendLink: (customer, subscriptionId, email) =>
      customer.api.post(`/v1/me/subscriptions/${subscriptionId}/download-links`, { email }),

    async linkFor(customer, subscriptionId) {
      const r = await ctx.sendLink(customer, subscriptionId, customer.email);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      await ctx.deliver();
      const mails = ctx.mailTo(customer.email);
      return tokenIn(mails[mails.length - 1]!.text!);
    },
  };
  return ctx;
}
