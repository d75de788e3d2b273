import { getResponse, HttpHandler } from 'msw';
import { beforeEach, expect, it } from 'vitest';
import { ARM_BASE_URL } from './arm-config';
import { handlerCandidates } from './emulator-serve';
import { handlers } from './handlers';
import { makeUnsignedToken } from './identity';
import { resetEmulator } from './node';
import { PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { USERS } from './test-client';

// The worker hands msw only the handlers whose method and path shape could match a request
// (mocks/emulator-serve.ts). That must never change an answer: every request here is answered the
// same from the candidates as from every handler, whatever its case, trailing slash or query.

beforeEach(() => {
  resetEmulator('default', { now: new Date('2024-05-01T09:00:00.000Z') });
});

const SUB = PRODUCTION_SUBSCRIPTION_ID;
const VM = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
const REQUESTS: [string, string, unknown?][] = [
  ['GET', '/subscriptions?api-version=2022-12-01'],
  ['GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`],
  ['GET', `/SUBSCRIPTIONS/${SUB}/PROVIDERS/microsoft.compute/VIRTUALMACHINES?api-version=2024-07-01`],
  ['GET', `${VM}?api-version=2024-07-01`],
  ['GET', `${VM}/?api-version=2024-07-01`],
  ['GET', `${VM}?api-version=2024-07-01#fragment`],
  ['GET', `/subscriptions/${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01`],
  ['GET', `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`],
  ['GET', '/emulator/status'],
  ['POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01', { query: 'Resources | project id', subscriptions: [SUB], options: { $top: 5 } }],
  ['GET', '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01'],
  ['DELETE', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`],
  ['PATCH', `${VM}?api-version=2024-07-01`, {}],
  ['GET', '/no/such/route?api-version=2020-01-01'],
  ['GET', `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default?api-version=2020-01-01`],
  ['GET', `/subscriptions/${SUB}/resourceGroups/rg%20web/providers/Microsoft.Compute/virtualMachines/vm%3Aa?api-version=2024-07-01`],
];

function request(method: string, path: string, body: unknown): Request {
  return new Request(`${ARM_BASE_URL}${path}`, {
    method,
    headers: { Authorization: `Bearer ${makeUnsignedToken(USERS.admin)}`, 'Content-Type': 'application/json', 'x-ms-client-request-id': 'same' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function answer(response: Response | undefined): Promise<{ status: number; body: string } | undefined> {
  if (response === undefined) return undefined;
  // Request ids and dates differ from call to call.
  return { status: response.status, body: (await response.text()).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'guid').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'time') };
}

it.each(REQUESTS)('%s %s: the same answer from the candidate handlers as from all of them', async (method, path, body) => {
  // As the worker does: the candidates of the Request's own (normalised) URL.
  const probe = request(method, path, body);
  const candidates = handlerCandidates(handlers)(probe.method, probe.url);
  expect(candidates.length).toBeLessThan(handlers.length);
  const all = await answer(await getResponse([...handlers], request(method, path, body)));
  const some = await answer(await getResponse(candidates, request(method, path, body)));
  expect(all?.status).toBeGreaterThan(0);
  expect(some).toEqual(all);
});

it('finds the route of a URL written with the default port or dot segments, as msw matches it after normalising', async () => {
  const probe = new Request(`${ARM_BASE_URL.replace('.com', '.com:443')}/x/../subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${makeUnsignedToken(USERS.admin)}` } });
  const answer = await getResponse(handlerCandidates(handlers)(probe.method, probe.url), probe);
  expect(answer?.status).toBe(200);
});

it('leaves a request to a served route with only a few handlers to try', () => {
  const pick = handlerCandidates(handlers);
  expect(pick('GET', `${ARM_BASE_URL}/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`).length).toBeLessThanOrEqual(3);
  expect(pick('POST', `${ARM_BASE_URL}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`).length).toBeLessThanOrEqual(2);
});

it('keeps every route for a request to it, whatever the case, a trailing slash or a query string', () => {
  const pick = handlerCandidates(handlers);
  const routes = handlers.filter((handler): handler is HttpHandler => handler instanceof HttpHandler);
  expect(routes.length).toBeGreaterThan(40);
  for (const route of routes) {
    const { method, path } = route.info;
    if (typeof path !== 'string') continue;
    const url = path.replace(/:[A-Za-z0-9_]+/g, 'Some-Name_1').replace('*', 'a/b');
    const verb = typeof method === 'string' ? method : 'GET';
    for (const variant of [url, url.toUpperCase(), `${url}/`, `${url}?api-version=2020-01-01&$filter=a/b`]) {
      expect(pick(verb, variant), `${verb} ${variant}`).toContain(route);
    }
  }
});
