import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../router.ts';

/** A link within the portal: a real link (new tab, copy address), followed without reloading the page. */
export function AppLink({ to, current, children }: { to: string; current?: boolean; children: ReactNode }) {
  return (
    <a
      href={to}
      aria-current={current ? 'page' : undefined}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
