/** How long the agent waits before trying again, and how it says a duration to its user. */

/** The first wait before reopening the stream or repeating a call, until the server says otherwise. */
export const DEFAULT_RETRY_MS = 1000;

/** Exponential, capped, with jitter so that many devices do not all come back at the same moment. */
export function backoff(base: number, attempt: number, maxMs: number): number {
  const delay = Math.min(maxMs, base * 2 ** Math.min(attempt - 1, 20));
  return Math.round(delay * (0.75 + Math.random() * 0.25));
}

export function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
