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
  const url = routeToUrl({ name: 'vm', vmId: id });
  expect(url).toBe(`/vm/${encodeURIComponent(id)}`);
  expect(parseRoute(url)).toEqual({ name: 'vm', vmId: id });
});

test('routes honour a base path', () => {
  expect(parseRoute('/console/activity', '/console/')).toEqual({ name: 'activity' });
  expect(routeToUrl({ name: 'activity' }, '/console/')).toBe('/console/activity');
});
