import { readFile, rename, writeFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';

/**
 * What the agent remembers between runs, so that a connect code is used only once; and the last
 * offline licence with the keys that verify it, so that it can work without the network.
 */
export type AgentState = {
  server: string;
  deviceId: string;
  token: string;
  licence?: string;
  jwks?: JSONWebKeySet;
};

/** The saved connection, or undefined when the file is missing or holds no token. */
export async function loadState(path: string): Promise<AgentState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: Partial<AgentState>;
  try {
    parsed = JSON.parse(text) as Partial<AgentState>;
  } catch {
    throw new Error(`${path} is not valid JSON; delete it and connect again with --code.`);
  }
  if (typeof parsed.token !== 'string' || parsed.token === '') return undefined;
  if (typeof parsed.server !== 'string' || typeof parsed.deviceId !== 'string') {
    throw new Error(`${path} lacks the server or device id; delete it and connect again with --code.`);
  }
  const { server, deviceId, token, licence, jwks } = parsed;
  return typeof licence === 'string' && jwks && typeof jwks === 'object'
    ? { server, deviceId, token, licence, jwks }
    : { server, deviceId, token };
}

/**
 * Writes through a temporary file and a rename so that a crash never leaves half a file, and
 * readable by the owner only because the token is as good as a password for this device.
 */
export async function saveState(path: string, state: AgentState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, path);
}
