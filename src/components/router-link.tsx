import type { MouseEvent, ReactNode } from 'react';
import Link from '@mui/material/Link';

/**
 * An in-app link: a real href (open in a new tab, copy link) and, on a plain click, a History API
 * push followed by a popstate so the app's router (which listens to popstate) re-renders without a
 * reload. Lets features and shared components link to routes without importing src/app.
 */
export function RouterLink({ href, children, ariaLabel }: { href: string; children: ReactNode; ariaLabel?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    window.history.pushState(null, '', href);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  return (
    <Link href={href} onClick={onClick} aria-label={ariaLabel}>
      {children}
    </Link>
  );
}

/** The href of a VM's page under the app's base path. */
export function vmPageHref(vmId: string): string {
  return `${import.meta.env.BASE_URL}vm/${encodeURIComponent(vmId)}`;
}
