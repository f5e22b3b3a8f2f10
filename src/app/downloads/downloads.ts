import type { Platform } from '../../domain/installers.ts';
import { platformFromUserAgent } from '../../domain/installers.ts';
import type { Product } from '../../domain/model.ts';
import { insertConnectCode } from '../../store/connect-codes.repository.ts';
import type { DownloadLink } from '../../store/download-links.repository.ts';
import { findDownloadLinkByTokenHash } from '../../store/download-links.repository.ts';
import { findProductInstaller } from '../../store/installers.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { CODE_ALPHABET, formatCode } from '../../domain/codes.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit } from '../shared/rate-limit.ts';
import { installerView, offeredInstallers, openInstaller } from '../operator/releases.ts';
import type { Language } from '../../domain/language.ts';
import { languageOr } from '../../domain/language.ts';
import { ownedSubscription } from '../sending/subscriptions.ts';

/** "Other downloads" in the portal: the installers offered for one of the account's subscriptions. */
export async function myDownloads(deps: Deps, accountId: string, subscriptionId: string, userAgent?: string) {
  const { product } = await ownedSubscription(deps, accountId, subscriptionId);
  const installers = await offeredInstallers(deps, product, platformFromUserAgent(userAgent));
  return { installers: installers.map(installerView) };
}

/** One installer of the account's subscription, to download in the portal itself. */
export async function myInstaller(
  deps: Deps,
  accountId: string,
  subscriptionId: string,
  installerId: string,
) {
  const { product } = await ownedSubscription(deps, accountId, subscriptionId);
  const installer = await findProductInstaller(deps.db, product.id, installerId);
  if (!installer) throw notFound('Installer');
  return openInstaller(deps, installer);
}

/** What a download link's token opens: nothing (wrong or tampered), an expired link, or the link. */
export type LinkState =
  | { state: 'unknown' }
  | { state: 'expired'; language: Language }
  | { state: 'open'; link: DownloadLink; product: Product; language: Language };

/** Tokens are 32 random bytes, base64url; anything else is not worth a query. */
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export async function resolveLink(deps: Deps, token: string): Promise<LinkState> {
  if (!TOKEN.test(token)) return { state: 'unknown' };
  const link = await findDownloadLinkByTokenHash(deps.db, secretHash(token));
  if (!link) return { state: 'unknown' };
  const language = languageOr(link.language);
  if (link.expiresAt.getTime() <= deps.clock.now().getTime()) return { state: 'expired', language };
  const subscription = await findSubscription(deps.db, link.subscriptionId);
  const product = subscription && (await findProduct(deps.db, subscription.productId));
  if (!product) return { state: 'unknown' };
  return { state: 'open', link, product, language };
}

/**
 * The download page's facts: only what the email already said (the product, when the link
 * expires) and the installers, the visitor's platform first. Nothing about the account.
 */
export async function downloadPage(
  deps: Deps,
  token: string,
  userAgent: string | undefined,
): Promise<
  | Exclude<LinkState, { state: 'open' }>
  | {
      state: 'open';
      language: Language;
      productName: string;
      expiresAt: Date;
      visitorPlatform: Platform | null;
      installers: ReturnType<typeof installerView>[];
    }
> {
  const found = await resolveLink(deps, token);
  if (found.state !== 'open') return found;
  const visitorPlatform = platformFromUserAgent(userAgent);
  const installers = await offeredInstallers(deps, found.product, visitorPlatform);
  return {
    state: 'open',
    language: found.language,
    productName: found.product.name,
    expiresAt: found.link.expiresAt,
    visitorPlatform,
    installers: installers.map(installerView),
  };
}

async function openLink(deps: Deps, token: string) {
  const found = await resolveLink(deps, token);
  if (found.state === 'unknown') throw notFound('Download link');
  if (found.state === 'expired')
    throw new AppError('DOWNLOAD_LINK_EXPIRED', 'This download link has expired; ask for a new one');
  return found;
}

/**
 * A fresh one-time connect code for the app about to be installed from the link: it connects the
 * device to the link's account and carries the link's subscription, which connecting applies
 * when the rules allow. Limited per link, so that a leaked link cannot mint codes without end.
 */
export async function linkConnectCode(deps: Deps, token: string) {
  const { link } = await openLink(deps, token);
  await countAndLimit(deps, `link-code:${link.id}`, deps.settings.linkCodesPerLinkPerHour, 3_600_000);
  const now = deps.clock.now();
  const raw = deps.random.code(10, CODE_ALPHABET);
  // The code lives no longer than its link: a code minted just before the link expires expires with it.
  const expiresAt = new Date(Math.min(now.getTime() + deps.settings.linkCodeTtlMs, link.expiresAt.getTime()));
  await insertConnectCode(
    deps.db,
    { codeHash: secretHash(raw), accountId: link.accountId, subscriptionId: link.subscriptionId, expiresAt },
    now,
  );
  return { code: formatCode(raw), expiresAt: expiresAt.toISOString() };
}

/** One of the link's product's installers, to download from the link's page. */
export async function linkInstaller(deps: Deps, token: string, installerId: string) {
  const { product } = await openLink(deps, token);
  const installer = await findProductInstaller(deps.db, product.id, installerId);
  if (!installer) throw notFound('Installer');
  return openInstaller(deps, installer);
}
