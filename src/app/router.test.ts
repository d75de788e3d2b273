// @vitest-environment jsdom
import { afterEach, expect, test, vi } from 'vitest';
import { currentLocation, navigate, parseRoute, routeToUrl } from './router';

test('the blade keeps tab and filters in the query string', () => {
  const route = parseRoute('/?tab=recommended&sub=s1&rg=rg-web&q=web');
  expect(route).toEqual({ name: 'blade', search: { tab: 'recommended', sub: 's1', rg: 'rg-web', q: 'web' } });
  expect(routeToUrl(route)).toBe('/?tab=recommended&sub=s1&rg=rg-web&q=web');
});

test('an unknown tab falls back to Configured, the default tab is not written', () => {
  expect(parseRoute('/?tab=bogus')).toEqual({ name: 'blade', search: { tab: 'configured', sub: undefined, rg: undefined, q: undefined } });
  expect(routeToUrl({ name: 'blade', search: { tab: 'configured' } })).toBe('/');
});

test('a VM page carries the encoded resource id', () => {
  const id = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-web-01';
  const url = routeToUrl({ name: 'vm', vmId: id, params: {} });
  expect(url).toBe(`/vm/${encodeURIComponent(id)}`);
  expect(parseRoute(url)).toEqual({ name: 'vm', vmId: id, params: {} });
});

test('routes honour a base path', () => {
  expect(parseRoute('/console/activity', '/console/')).toEqual({ name: 'activity', params: {} });
  expect(routeToUrl({ name: 'activity', params: {} }, '/console/')).toBe('/console/activity');
});

test('the activity log keeps its filters in the query string, so a link reproduces the view', () => {
  const route = parseRoute('/activity?vm=%2Fsubscriptions%2Fs1%2Fvm&span=7d&status=Succeeded');
  expect(route).toEqual({ name: 'activity', params: { vm: '/subscriptions/s1/vm', span: '7d', status: 'Succeeded' } });
  expect(parseRoute(routeToUrl(route))).toEqual(route);
});

afterEach(() => {
  vi.useRealTimers();
});

test('a navigation shows its route at once and writes the History API after the frame, in order', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
  window.history.replaceState(null, '', '/');
  const pushes = vi.spyOn(window.history, 'pushState');
  const replaces = vi.spyOn(window.history, 'replaceState');
  const seen: string[] = [];
  const listener = () => seen.push(currentLocation());
  window.addEventListener('jit:navigate', listener);

  navigate({ name: 'blade', search: { tab: 'recommended' } });
  navigate({ name: 'blade', search: { tab: 'recommended', q: 'web' } }, { replace: true });
  expect(seen).toEqual(['/?tab=recommended', '/?tab=recommended&q=web']);
  expect(currentLocation()).toBe('/?tab=recommended&q=web');
  expect(pushes).not.toHaveBeenCalled();
  expect(window.location.search).toBe('');

  await vi.advanceTimersByTimeAsync(50);
  expect(pushes.mock.calls.map((call) => call[2])).toEqual(['/?tab=recommended']);
  expect(replaces.mock.calls.map((call) => call[2])).toEqual(['/?tab=recommended&q=web']);
  expect(window.location.pathname + window.location.search).toBe('/?tab=recommended&q=web');
  expect(currentLocation()).toBe('/?tab=recommended&q=web');
  window.removeEventListener('jit:navigate', listener);
  pushes.mockRestore();
  replaces.mockRestore();
});

test('Back before the write: the browser location wins and the pending write is dropped', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
  window.history.replaceState(null, '', '/?tab=notRecommended');
  navigate({ name: 'activity', params: {} });
  expect(currentLocation()).toBe('/activity');
  // What a subscriber reads when the popstate reaches it: already the browser's location.
  let readOnPopState: string | undefined;
  const listener = () => {
    readOnPopState = currentLocation();
  };
  window.addEventListener('popstate', listener);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.removeEventListener('popstate', listener);
  expect(readOnPopState).toBe('/?tab=notRecommended');
  await vi.advanceTimersByTimeAsync(200);
  expect(window.location.pathname + window.location.search).toBe('/?tab=notRecommended');
});

test('an in-app link clicked while a navigation is pending: the pending one is written first, then the link', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
  window.history.replaceState(null, '', '/');
  const { BEFORE_LINK_NAVIGATION } = await import('../components/router-link');
  const pushes = vi.spyOn(window.history, 'pushState');
  navigate({ name: 'blade', search: { tab: 'recommended' } });
  // What followInApp does for a plain click.
  window.dispatchEvent(new Event(BEFORE_LINK_NAVIGATION));
  window.history.pushState(null, '', '/activity');
  window.dispatchEvent(new PopStateEvent('popstate'));
  await vi.advanceTimersByTimeAsync(200);
  expect(pushes.mock.calls.map((call) => call[2])).toEqual(['/?tab=recommended', '/activity']);
  expect(currentLocation()).toBe('/activity');
  pushes.mockRestore();
});
