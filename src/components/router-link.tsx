import type { MouseEvent, ReactNode } from 'react';
import Link from '@mui/material/Link';

/** Dispatched on window just before an in-app link pushes its URL: the router writes what it has pending first. */
export const BEFORE_LINK_NAVIGATION = 'jit:before-link-navigation';

/**
 * A plain left click on an in-app link: a History API push followed by a popstate so the app's
 * router (which listens to popstate) re-renders without a reload. Modified clicks (new tab…) are
 * left to the browser.
 */
function followInApp(event: MouseEvent<HTMLAnchorElement>, href: string) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  window.dispatchEvent(new Event(BEFORE_LINK_NAVIGATION));
  window.history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * An in-app link: a real href (open in a new tab, copy link) and in-app navigation on a plain click.
 * Lets features and shared components link to routes without importing src/app.
 */
export function RouterLink({ href, children, ariaLabel }: { href: string; children: ReactNode; ariaLabel?: string }) {
  return (
    <Link
      href={href}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        followInApp(event, href);
      }}
      aria-label={ariaLabel}
    >
      {children}
    </Link>
  );
}

/**
 * The same link as a bare `<a>`, styled by the surrounding stylesheet (the data table's): a table
 * mounts one per row on every keystroke and tab switch, and MUI's Link costs a styled component and
 * a Typography per instance.
 */
export function PlainRouterLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={href}
      className={className}
      onClick={(event) => {
        followInApp(event, href);
      }}
    >
      {children}
    </a>
  );
}

/** The href of a VM's page under the app's base path. */
export function vmPageHref(vmId: string): string {
  return `${import.meta.env.BASE_URL}vm/${encodeURIComponent(vmId)}`;
}
