import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploaded installers are kept: the embedded default is a directory under ./data/. */
export interface InstallerFiles {
  /**
   * Streams `source` into the store, hashing it on the way; refuses (and keeps nothing) past
   * `maxBytes`. Returns the new file's key, size and hex SHA-256.
   */
  put(source: Readable, maxBytes: number): Promise<{ key: string; size: number; sha256: string }>;
  /** The stored file and its size, or null when it is gone. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  remove(key: string): Promise<void>;
}

export class InstallerTooLarge extends Error {}

/**
 * Installers as files in one directory, named by a random key (never by the uploaded name, so
 * that no name can reach outside it). A file appears under its key only once it is complete.
 * Several nodes need the directory shared between them (or installers at the vendor's own URLs).
 */
export function localInstallerFiles(dir: string): InstallerFiles {
  const pathOf = (key: string) => {
    if (!/^[a-f0-9-]{36}$/.test(key)) throw new Error('not an installer key');
    return join(dir, key);
  };
  return {
    async put(source, maxBytes) {
      await mkdir(dir, { recursive: true });
      const key = randomUUID();
      const partial = join(dir, `.partial-${key}`);
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new InstallerTooLarge(`larger than ${maxBytes} bytes`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, measure, createWriteStream(partial, { mode: 0o644 }));
        await rename(partial, pathOf(key));
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      return { key, size, sha256: hash.digest('hex') };
    },
    async open(key) {
      const path = pathOf(key);
      try {
        const { size } = await stat(path);
        return { stream: createReadStream(path), size };
      } catch {
        return null;
      }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/**
 * Where uploads go when the configuration does not say (SEATPOST_INSTALLERS_DIR does): beside an
 * embedded database's file (./data/installers by default), else a temporary directory.
 */
export function defaultInstallersDir(databaseUrl: string): string {
  const path = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  if (/^postgres(ql)?:\/\//.test(databaseUrl) || path === ':memory:')
    return join(tmpdir(), 'seatpost-installers');
  return join(dirname(path), 'installers');
}
