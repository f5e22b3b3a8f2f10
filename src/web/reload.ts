import { useCallback, useEffect, useRef } from 'react';

/**
 * Runs `load` now, again whenever it changes, and whenever the returned `reload` is called; one
 * run at a time. Calls that come while it runs fold into a single run after it, so a burst of
 * live events (a bulk send finishing on hundreds of devices) costs two reads rather than one per
 * event, and an older answer can never land after a newer one.
 */
export function useReload(load: () => Promise<unknown>): () => void {
  const latest = useRef(load);
  const state = useRef({ running: false, again: false });
  const reload = useCallback(() => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    // `load` shows its own errors; whatever it does, the next run may start.
    const done = () => {
      s.running = false;
      if (s.again) {
        s.again = false;
        reload();
      }
    };
    latest.current().then(done, done);
  }, []);
  useEffect(() => {
    latest.current = load;
    reload();
  }, [load, reload]);
  return reload;
}
