import type { Readable } from 'node:stream';
import semver from 'semver';
import type { Platform } from '../../domain/installers.ts';
import { installersToOffer } from '../../domain/installers.ts';
import type { Product } from '../../domain/model.ts';
import { InstallerTooLarge } from '../../store/installer-files.ts';
import type { StoredInstaller } from '../../store/installers.repository.ts';
import { findRelease, insertInstaller, listInstallers } from '../../store/installers.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';

export interface ReleaseInput {
  platform: Platform;
  version: string;
  /** The name the file downloads as; derived from the URL or the app when not given. */
  fileName?: string;
}

/** What everyone sees of an installer: the operator, the portal and the download page. */
export function installerView(i: StoredInstaller) {
  return {
    id: i.id,
    productId: i.productId,
    platform: i.platform,
    version: i.version,
    fileName: i.fileName,
    size: i.size,
    sha256: i.sha256,
    source: i.storageKey ? ('upload' as const) : ('external' as const),
    createdAt: i.createdAt.toISOString(),
  };
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+()-]{0,199}$/;

/** The product, and the release's fields checked: a known version, a safe file name, not registered yet. */
async function checkRelease(deps: Deps, productId: string, input: ReleaseInput, fallbackName: string) {
  const product = await findProduct(deps.db, productId);
  if (!product) throw notFound('Product');
  if (!semver.coerce(input.version, { loose: true }))
    throw new AppError('VALIDATION_FAILED', `"${input.version}" is not a version`, { pointer: '/version' });
  const fileName = input.fileName ?? fallbackName;
  if (!FILE_NAME.test(fileName))
    throw new AppError(
      'VALIDATION_FAILED',
      'fileName may use letters, digits and . _ + ( ) - only, and must start with a letter or digit',
      { pointer: '/fileName' },
    );
  if (await findRelease(deps.db, product.id, input.platform, input.version))
    throw new AppError(
      'ALREADY_EXISTS',
      `${product.id} ${input.version} for ${input.platform} is already registered`,
      { pointer: '/version' },
    );
  return { product, fileName };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errcode?: number; message?: string };
  return e.code === '23505' || (e.code === 'ERR_SQLITE_ERROR' && /UNIQUE/i.test(e.message ?? ''));
}

async function save(deps: Deps, installer: StoredInstaller) {
  try {
    await insertInstaller(deps.db, installer);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError(
      'ALREADY_EXISTS',
      `${installer.productId} ${installer.version} for ${installer.platform} is already registered`,
      { pointer: '/version' },
    );
  }
  return installerView(installer);
}

/**
 * The operator uploads an installer: it is streamed into the installer store and hashed on the
 * way. With `expectedSha256`, a file that arrived different is refused and not kept.
 */
export async function registerUploadedRelease(
  deps: Deps,
  productId: string,
  input: ReleaseInput & { expectedSha256?: string },
  source: Readable,
) {
  const { product, fileName } = await checkRelease(
    deps,
    productId,
    input,
    `${productIdSafe(productId)}-${input.version}-${input.platform}`,
  );
  const store = deps.installerFiles;
  let stored;
  try {
    stored = await store.put(source, deps.settings.maxInstallerBytes);
  } catch (err) {
    if (err instanceof InstallerTooLarge)
      throw new AppError(
        'INSTALLER_TOO_LARGE',
        `An installer may be at most ${deps.settings.maxInstallerBytes} bytes`,
      );
    throw err;
  }
  if (input.expectedSha256 && input.expectedSha256.toLowerCase() !== stored.sha256) {
    await store.remove(stored.key);
    throw new AppError('VALIDATION_FAILED', `The file's SHA-256 is ${stored.sha256}, not the one given`, {
      pointer: '/sha256',
    });
  }
  try {
    return await save(deps, {
      id: deps.random.id(),
      productId: product.id,
      platform: input.platform,
      version: input.version,
      fileName,
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.key,
      externalUrl: null,
      createdAt: deps.clock.now(),
    });
  } catch (err) {
    await store.remove(stored.key);
    throw err;
  }
}

function productIdSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '-');
}

/**
 * The operator registers an installer the vendor hosts itself (a CDN): its https URL and the
 * SHA-256 the vendor published. The download page sends visitors there; the URL comes only from
 * here, never from a request, so no one can make the service redirect anywhere else.
 */
export async function registerExternalRelease(
  deps: Deps,
  productId: string,
  input: ReleaseInput & { url: string; sha256: string; size?: number },
) {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'url is not a URL', { pointer: '/url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('VALIDATION_FAILED', 'url must be an https (or http) URL', { pointer: '/url' });
  if (url.username || url.password)
    throw new AppError('VALIDATION_FAILED', 'url must not carry credentials', { pointer: '/url' });
  const lastSegment = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const { product, fileName } = await checkRelease(
    deps,
    productId,
    input,
    FILE_NAME.test(lastSegment)
      ? lastSegment
      : `${productIdSafe(productId)}-${input.version}-${input.platform}`,
  );
  return save(deps, {
    id: deps.random.id(),
    productId: product.id,
    platform: input.platform,
    version: input.version,
    fileName,
    size: input.size ?? null,
    sha256: input.sha256.toLowerCase(),
    storageKey: null,
    externalUrl: url.toString(),
    createdAt: deps.clock.now(),
  });
}

/** Every release registered for the product (the operator's view). */
export async function listReleases(deps: Deps, productId: string) {
  if (!(await findProduct(deps.db, productId))) throw notFound('Product');
  return (await listInstallers(deps.db, productId)).map(installerView);
}

/** The installers to offer for a product: per platform the newest supported release, the visitor's first. */
export async function offeredInstallers(
  deps: Deps,
  product: Product,
  visitor: Platform | null = null,
): Promise<StoredInstaller[]> {
  return installersToOffer(await listInstallers(deps.db, product.id), product.appVersions, visitor);
}

/** How to hand an installer out: the stored file, or a redirect to the vendor's own URL. */
export async function openInstaller(
  deps: Deps,
  installer: StoredInstaller,
): Promise<
  | { kind: 'file'; stream: Readable; size: number; fileName: string; sha256: string }
  | { kind: 'redirect'; url: string }
> {
  if (installer.externalUrl) return { kind: 'redirect', url: installer.externalUrl };
  const opened = installer.storageKey ? await deps.installerFiles.open(installer.storageKey) : null;
  if (!opened) throw notFound('Installer file');
  return { kind: 'file', ...opened, fileName: installer.fileName, sha256: installer.sha256 };
}
