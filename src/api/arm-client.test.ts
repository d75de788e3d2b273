import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ARM_BASE_URL, ArmError, armListAll, armRequest, parseRetryAfter, peekNextLink } from './arm-client';

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

const id = (item: unknown) => item;

describe('armListAll', () => {
  test('follows nextLink until the last page and keeps the order', async () => {
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions/s1/providers/Microsoft.Compute/virtualMachines`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('api-version')).toBe('2024-07-01');
        const page = url.searchParams.get('$skiptoken');
        if (page === null) {
          return HttpResponse.json({ value: [{ id: 'a' }, { id: 'b' }], nextLink: `${url.origin}${url.pathname}?api-version=2024-07-01&$skiptoken=2` });
        }
        if (page === '2') {
          return HttpResponse.json({ value: [{ id: 'c' }], nextLink: `${url.origin}${url.pathname}?api-version=2024-07-01&$skiptoken=3` });
        }
        return HttpResponse.json({ value: [{ id: 'd' }], nextLink: null });
      }),
    );
    const items = await armListAll('/subscriptions/s1/providers/Microsoft.Compute/virtualMachines', '2024-07-01', id);
    expect(items).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
  });

  test('asks for the next page as soon as a page arrives, before parsing it (pipelined paging)', async () => {
    const events: string[] = [];
    const path = '/subscriptions/s1/providers/Microsoft.Network/networkInterfaces';
    server.use(
      http.get(`${ARM_BASE_URL}${path}`, ({ request }) => {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('$skiptoken') ?? '0');
        events.push(`request ${String(page)}`);
        const nextLink = page < 2 ? `${url.origin}${url.pathname}?api-version=2024-05-01&$skiptoken=${String(page + 1)}` : undefined;
        return HttpResponse.json({ value: [{ id: `n${String(page)}` }], ...(nextLink ? { nextLink } : {}) });
      }),
    );
    // When the request leaves (fetch is called), not when the server gets round to it.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const sent = () => fetchSpy.mock.calls.map(([input]) => new URL(input instanceof Request ? input.url : String(input)).searchParams.get('$skiptoken') ?? '0');
    const items = await armListAll(path, '2024-05-01', (item) => {
      events.push(`parse ${String((item as { id: string }).id)} after sending ${sent().join(',')}`);
      return item;
    });
    fetchSpy.mockRestore();
    expect(items).toEqual([{ id: 'n0' }, { id: 'n1' }, { id: 'n2' }]);
    // Page 1 was asked for before page 0's items were parsed, and every page exactly once.
    expect(events.find((e) => e.startsWith('parse n0'))).toBe('parse n0 after sending 0,1');
    expect(events.filter((e) => e.startsWith('request')).sort()).toEqual(['request 0', 'request 1', 'request 2']);
  });

  test('follows a nextLink written before the value (no peeking possible) all the same', async () => {
    const path = '/subscriptions/s1/providers/Microsoft.Network/publicIPAddresses';
    server.use(
      http.get(`${ARM_BASE_URL}${path}`, ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('$skiptoken') === null) {
          return new HttpResponse(`{"nextLink":"${url.origin}${url.pathname}?api-version=2024-05-01&$skiptoken=2","value":[{"id":"p1"}]}`, { headers: { 'Content-Type': 'application/json' } });
        }
        return HttpResponse.json({ value: [{ id: 'p2' }] });
      }),
    );
    expect(await armListAll(path, '2024-05-01', id)).toEqual([{ id: 'p1' }, { id: 'p2' }]);
  });

  test('a link that only looks like the nextLink at the end is not followed: the parsed page decides', async () => {
    const path = '/subscriptions/s1/providers/Microsoft.Compute/virtualMachines';
    const requested: string[] = [];
    server.use(
      http.get(`${ARM_BASE_URL}${path}`, ({ request }) => {
        const url = new URL(request.url);
        requested.push(url.searchParams.get('$skiptoken') ?? 'first');
        if (url.searchParams.get('$skiptoken') === null) {
          // The text ends with "nextLink" inside the last item, and the page itself has no nextLink.
          return new HttpResponse(`{"value":[{"id":"v1","tags":{"nextLink":"${url.origin}${url.pathname}?api-version=2024-07-01&$skiptoken=evil"}}]}`, {
            headers: { 'Content-Type': 'application/json' },
          });
        }
        return HttpResponse.json({ value: [{ id: 'should-not-appear' }] });
      }),
    );
    expect(await armListAll(path, '2024-07-01', id)).toEqual([{ id: 'v1', tags: { nextLink: expect.stringContaining('evil') as unknown } }]);
    expect(requested).toEqual(['first']);
  });

  test('a server whose nextLinks go round in a circle ends the list instead of looping', async () => {
    const path = '/subscriptions/s1/providers/Microsoft.Network/virtualNetworks';
    let calls = 0;
    server.use(
      http.get(`${ARM_BASE_URL}${path}`, ({ request }) => {
        calls++;
        const url = new URL(request.url);
        const page = url.searchParams.get('$skiptoken') ?? 'a';
        const next = page === 'a' ? 'b' : page === 'b' ? 'c' : 'b';
        return HttpResponse.json({ value: [{ id: page }], nextLink: `${url.origin}${url.pathname}?api-version=2024-05-01&$skiptoken=${next}` });
      }),
    );
    expect(await armListAll(path, '2024-05-01', id)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(calls).toBe(3);
  });

  test('peekNextLink reads only a nextLink that closes the page', () => {
    expect(peekNextLink('{"value":[],"nextLink":"https://management.azure.com/x?a=1&$skiptoken=2"}')).toBe('https://management.azure.com/x?a=1&$skiptoken=2');
    expect(peekNextLink('{"value":[], "nextLink" : "https://h/x\\u0026y" }\n')).toBe('https://h/x&y');
    expect(peekNextLink('{"value":[],"nextLink":null}')).toBeUndefined();
    expect(peekNextLink('{"value":[{"nextLink":"https://h/x"}]}')).toBeUndefined();
    expect(peekNextLink('{"nextLink":"https://h/x","value":[]}')).toBeUndefined();
  });

  test('sends the bearer token of the signed-in user', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions`, ({ request }) => {
        authorization = request.headers.get('Authorization');
        return HttpResponse.json({ value: [] });
      }),
    );
    await armListAll('/subscriptions', '2022-12-01', id);
    const token = String(authorization).replace(/^Bearer /, '');
    const [header, payload, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'none', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({ upn: 'admin@contoso.com' });
    expect(signature).toBe('');
  });
});

describe('errors', () => {
  test('a CloudError becomes an ArmError with code, message, status and correlation id', async () => {
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions/s1/providers/Microsoft.Security/jitNetworkAccessPolicies`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'AuthorizationFailed',
              message: "The client 'reader@contoso.com' does not have authorization to perform action 'Microsoft.Security/locations/jitNetworkAccessPolicies/read'.",
            },
          },
          { status: 403, headers: { 'x-ms-correlation-request-id': 'corr-123' } },
        ),
      ),
    );
    const error = await armListAll('/subscriptions/s1/providers/Microsoft.Security/jitNetworkAccessPolicies', '2020-01-01', id).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({ code: 'AuthorizationFailed', status: 403, correlationId: 'corr-123' });
    expect((error as ArmError).message).toContain('does not have authorization');
  });

  test('a 403 is not retried', async () => {
    let calls = 0;
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions`, () => {
        calls += 1;
        return HttpResponse.json({ error: { code: 'AuthorizationFailed', message: 'no' } }, { status: 403 });
      }),
    );
    await expect(armRequest({ path: '/subscriptions', apiVersion: '2022-12-01' })).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
  });

  test('a body that is not a CloudError still gives a typed error', async () => {
    server.use(http.get(`${ARM_BASE_URL}/subscriptions`, () => new HttpResponse('gateway down', { status: 502, statusText: 'Bad Gateway' })));
    await expect(armRequest({ path: '/subscriptions', apiVersion: '2022-12-01', retry: false })).rejects.toMatchObject({
      code: 'Http502',
      status: 502,
    });
  });
});

describe('retry policy', () => {
  test('a read throttled with 429 waits for Retry-After, then succeeds', async () => {
    const seen: number[] = [];
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions`, () => {
        seen.push(Date.now());
        if (seen.length === 1) {
          return HttpResponse.json({ error: { code: 'TooManyRequests', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '1' } });
        }
        return HttpResponse.json({ value: [{ id: '/subscriptions/s1' }] });
      }),
    );
    const items = await armListAll('/subscriptions', '2022-12-01', id);
    expect(items).toEqual([{ id: '/subscriptions/s1' }]);
    expect(seen).toHaveLength(2);
    expect((seen[1] ?? 0) - (seen[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test('a request and its retries carry one x-ms-client-request-id; another request has its own', async () => {
    const ids: (string | null)[] = [];
    server.use(
      http.get(`${ARM_BASE_URL}/subscriptions/s1/resourceGroups/rg`, ({ request }) => {
        ids.push(request.headers.get('x-ms-client-request-id'));
        return ids.length === 1
          ? HttpResponse.json({ error: { code: 'ServiceUnavailable', message: 'busy' } }, { status: 503, headers: { 'Retry-After': '0' } })
          : HttpResponse.json({ id: 'rg' });
      }),
    );
    await armRequest({ path: '/subscriptions/s1/resourceGroups/rg', apiVersion: '2022-12-01' });
    await armRequest({ path: '/subscriptions/s1/resourceGroups/rg', apiVersion: '2022-12-01' });
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  test('initiate (POST) is never retried, even on 429', async () => {
    let calls = 0;
    server.use(
      http.post(`${ARM_BASE_URL}/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default/initiate`, () => {
        calls += 1;
        return HttpResponse.json({ error: { code: 'TooManyRequests', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '0' } });
      }),
    );
    await expect(
      armRequest({
        method: 'POST',
        path: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default/initiate',
        apiVersion: '2020-01-01',
        body: { virtualMachines: [] },
      }),
    ).rejects.toMatchObject({ status: 429, code: 'TooManyRequests' });
    expect(calls).toBe(1);
  });

  test('a PUT that meets a 503 is retried (PUT is idempotent)', async () => {
    let calls = 0;
    server.use(
      http.put(`${ARM_BASE_URL}/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ error: { code: 'ServiceUnavailable', message: 'busy' } }, { status: 503, headers: { 'Retry-After': '0' } })
          : HttpResponse.json({ id: 'p', name: 'default' });
      }),
    );
    const response = await armRequest({
      method: 'PUT',
      path: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default',
      apiVersion: '2020-01-01',
      body: { properties: { virtualMachines: [] } },
    });
    expect(response.body).toEqual({ id: 'p', name: 'default' });
    expect(calls).toBe(2);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:55 GMT'))).toBe(5000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
