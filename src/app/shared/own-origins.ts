/** Names of this machine's loopback interface, as a URL's `hostname` spells them. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins our own pages are shown at, which cookie-authenticated writes must come from: the
 * public URL's. Except when that URL names the loopback interface, as `npm start` does
 * (`http://localhost:3000`): the same server is then just as much itself at 127.0.0.1 or [::1]
 * on that port, people open whichever they type, and signing in there must not fail as a
 * cross-site request. Those origins are this machine's, on this server's port, so no other
 * site's page can have one.
 */
export function ownOrigins(publicUrl: string): readonly string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK.includes(url.hostname)) return [url.origin];
  const port = url.port ? `:${url.port}` : '';
  return LOOPBACK.map((host) => `${url.protocol}//${host}${port}`);
}

/** Whether an Origin header names one of `ownOrigins`. */
export function isOwnOrigin(origins: readonly string[], origin: string | undefined): boolean {
  return origin !== undefined && origins.includes(origin);
}
