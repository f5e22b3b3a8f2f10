/**
 * Waits for evidence instead of for time: polls `probe` until it returns something truthy, and
 * fails, naming `what`, if that has not happened within `timeoutMs`. A test that sleeps and then
 * looks is slow when the machine is fast and wrong when it is slow; this one is as fast as the
 * thing it waits for and only as patient as the bound.
 */
export async function until<T>(
  probe: () => T | Promise<T>,
  { what, timeoutMs = 5_000, everyMs = 10 }: { what: string; timeoutMs?: number; everyMs?: number },
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
