import { useSyncExternalStore } from 'react';
import { BEFORE_LINK_NAVIGATION } from '../components/router-link';
import { isBladeTab, type BladeSearch } from '../features/blade/blade-search';

// A tiny router: the History API is the store, useSyncExternalStore the subscription. Three routes
// do not justify a router library in the initial bundle.

export type Route =
  | { name: 'blade'; search: BladeSearch }
  | { name: 'vm'; vmId: string; params: RouteParams }
  | { name: 'activity'; params: RouteParams }
  | { name: 'notFound'; path: string };

/** Query parameters of a route; each feature parses its own (e.g. the activity log's filters). */
export type RouteParams = Readonly<Record<string, string>>;

function paramsOf(search: URLSearchParams): RouteParams {
  const params: Record<string, string> = {};
  for (const [key, value] of search) if (value !== '') params[key] = value;
  return params;
}

function queryOf(params: RouteParams): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '')).toString();
  return query === '' ? '' : `?${query}`;
}

const NAVIGATE_EVENT = 'jit:navigate';

// In-app navigation shows the new route first and writes the History API one frame later. A
// pushState or replaceState is a synchronous call into the browser process: 0.5–16 ms each here,
// on every tab switch and (replaceState) every search keystroke, ahead of the frame that shows the
// result. Until the write, `shown` is the location the app renders; a popstate (Back) drops writes
// not yet made: the browser's location wins. A reload within that frame loses the last navigation.
let shown: string | undefined;
let writes: { url: string; replace: boolean }[] = [];

function writeHistory(): void {
  for (const { url, replace } of writes) {
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
  }
  writes = [];
  shown = undefined;
}

// A capture listener: it runs before the route subscriptions read the location. An in-app link
// pushes its own entry: the navigations still pending are written before it, in order.
if (typeof window !== 'undefined') {
  window.addEventListener(BEFORE_LINK_NAVIGATION, writeHistory);
  window.addEventListener(
    'popstate',
    () => {
      writes = [];
      shown = undefined;
    },
    { capture: true },
  );
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

/** Path and query the app shows: the History API's, or a navigation not yet written to it. */
export function currentLocation(): string {
  return shown ?? window.location.pathname + window.location.search;
}

const getLocation = currentLocation;

export function parseRoute(pathAndSearch: string, base = '/'): Route {
  const url = new URL(pathAndSearch, 'http://console.invalid');
  let path = url.pathname;
  if (base !== '/' && path.startsWith(base)) path = `/${path.slice(base.length)}`;
  if (path === '/' || path === '') {
    const params = url.searchParams;
    const tab = params.get('tab');
    const value = (name: string) => {
      const v = params.get(name);
      return v === null || v === '' ? undefined : v;
    };
    return { name: 'blade', search: { tab: isBladeTab(tab) ? tab : 'configured', sub: value('sub'), rg: value('rg'), q: value('q') } };
  }
  const vm = /^\/vm\/([^/]+)\/?$/.exec(path);
  if (vm?.[1] !== undefined) return { name: 'vm', vmId: decodeURIComponent(vm[1]), params: paramsOf(url.searchParams) };
  if (path === '/activity' || path === '/activity/') return { name: 'activity', params: paramsOf(url.searchParams) };
  return { name: 'notFound', path };
}

export function routeToUrl(route: Route, base = '/'): string {
  const prefix = base.endsWith('/') ? base.slice(0, -1) : base;
  switch (route.name) {
    case 'blade': {
      const params = new URLSearchParams();
      const { tab, sub, rg, q } = route.search;
      if (tab !== 'configured') params.set('tab', tab);
      if (sub !== undefined) params.set('sub', sub);
      if (rg !== undefined) params.set('rg', rg);
      if (q !== undefined && q !== '') params.set('q', q);
      const query = params.toString();
      return `${prefix}/${query === '' ? '' : `?${query}`}`;
    }
    case 'vm':
      return `${prefix}/vm/${encodeURIComponent(route.vmId)}${queryOf(route.params)}`;
    case 'activity':
      return `${prefix}/activity${queryOf(route.params)}`;
    case 'notFound':
      return `${prefix}${route.path}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const url = routeToUrl(route, import.meta.env.BASE_URL);
  if (url === getLocation()) return;
  if (writes.length === 0) {
    // After the next frame: a task posted from an animation frame callback runs once it is painted.
    // The timer alone covers a page that paints no frame (hidden); writeHistory runs once either way.
    requestAnimationFrame(() => {
      setTimeout(writeHistory, 0);
    });
    setTimeout(writeHistory, 100);
  }
  writes.push({ url, replace: options.replace === true });
  shown = url;
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useRoute(): Route {
  const location = useSyncExternalStore(subscribe, getLocation, () => '/');
  return parseRoute(location, import.meta.env.BASE_URL);
}
