import { expect, test } from 'vitest';
import { parseRoute, routeToUrl } from './router';

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
