import { useEffect, useState } from 'react';

/** A router the size of the problem: the path is the state, links push it, Back pops it. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    addEventListener('seatpost:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('seatpost:navigate', update);
    };
  }, []);
  return path;
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new Event('seatpost:navigate'));
  scrollTo(0, 0);
}
