import { useSyncExternalStore } from 'react';
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

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const getLocation = () => window.location.pathname + window.location.search;

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
  if (options.replace === true) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useRoute(): Route {
  const location = useSyncExternalStore(subscribe, getLocation, () => '/');
  return parseRoute(location, import.meta.env.BASE_URL);
}
