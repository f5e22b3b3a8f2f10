import { useEffect, useState } from 'react';

/** Set by `navigate`: the next page heading takes the focus, so a screen reader starts there. */
let focusHeading = false;

/** A router the size of the problem: the path is the state, links push it, Back pops it. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    const back = () => {
      focusHeading = true;
      update();
    };
    addEventListener('popstate', back);
    addEventListener('seatpost:navigate', update);
    return () => {
      removeEventListener('popstate', back);
      removeEventListener('seatpost:navigate', update);
    };
  }, []);
  return path;
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  focusHeading = true;
  dispatchEvent(new Event('seatpost:navigate'));
  scrollTo(0, 0);
}

/** True once after a navigation: the caller (the page's heading) takes the focus. */
export function takeHeadingFocus(): boolean {
  const take = focusHeading;
  focusHeading = false;
  return take;
}
