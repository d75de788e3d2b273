import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudErrorSchema } from '../src/api/wire/cloud-error';
import { BATTERY_NOW, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { emulatorStore, resetEmulator, server } from './node';
import { serializeStore } from './persistence';
import { arm, at } from './test-client';

// Optimistic concurrency on JIT policies: the etag in the ETag header and the body, If-Match on
// PUT (412 PreconditionFailed when stale), and last writer wins for a client that sends none.

const PATH = VALID_PUT_PATH;
const withPort = (number: number) => ({
  properties: { virtualMachines: [{ ...VALID_PUT_BODY.properties.virtualMachines[0], ports: [{ number, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] },
});
const ports = (body: unknown) => (at(body, 'properties', 'virtualMachines', 0, 'ports') as { number: number }[]).map((port) => port.number);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  resetEmulator('default', { now: BATTERY_NOW });
});

async function create(): Promise<string> {
  const created = await arm(PATH, { method: 'PUT', body: withPort(22), apiVersion: null });
  expect(created.status).toBe(200);
  return String(at(created.body, 'etag'));
}

describe('policy etags', () => {
  it('GET returns the etag in the ETag header and in the body, the same value', async () => {
    const etag = await create();
    const read = await arm(PATH, { apiVersion: null });
    expect(read.status).toBe(200);
    expect(at(read.body, 'etag')).toBe(etag);
    expect(read.headers.get('etag')).toBe(etag);
    expect(etag).toMatch(/^".+"$/);
  });

  it('PUT with a matching If-Match succeeds and returns a new etag (header and body)', async () => {
    const etag = await create();
    const updated = await arm(PATH, { method: 'PUT', body: withPort(3389), headers: { 'If-Match': etag }, apiVersion: null });
    expect(updated.status).toBe(200);
    const next = at(updated.body, 'etag');
    expect(next).not.toBe(etag);
    expect(updated.headers.get('etag')).toBe(next);
    expect(ports(updated.body)).toEqual([3389]);
    expect(at((await arm(PATH, { apiVersion: null })).body, 'etag')).toBe(next);
  });

  it('PUT with a stale If-Match answers 412 PreconditionFailed saying the policy changed since it was read, and changes nothing', async () => {
    const etag = await create();
    // Someone else saves in between.
    expect((await arm(PATH, { method: 'PUT', body: withPort(3389), headers: { 'If-Match': etag }, apiVersion: null })).status).toBe(200);
    const before = serializeStore(emulatorStore());

    const stale = await arm(PATH, { method: 'PUT', body: withPort(5985), headers: { 'If-Match': etag }, apiVersion: null });
    expect(stale.status).toBe(412);
    const error = cloudErrorSchema.parse(stale.body).error;
    expect(error.code).toBe('PreconditionFailed');
    expect(error.message).toMatch(/changed since it was read/);
    expect(error.message).toContain(etag);
    expect(serializeStore(emulatorStore())).toBe(before);
    expect(ports((await arm(PATH, { apiVersion: null })).body)).toEqual([3389]);
  });

  it('If-Match "*" matches any existing policy and none that is absent', async () => {
    expect((await arm(PATH, { method: 'PUT', body: withPort(22), headers: { 'If-Match': '*' }, apiVersion: null })).status).toBe(412);
    await create();
    expect((await arm(PATH, { method: 'PUT', body: withPort(3389), headers: { 'If-Match': '*' }, apiVersion: null })).status).toBe(200);
  });

  it('without If-Match (as the Azure SDK sends it) the last writer wins', async () => {
    const etag = await create();
    const a = await arm(PATH, { method: 'PUT', body: withPort(3389), apiVersion: null });
    const b = await arm(PATH, { method: 'PUT', body: withPort(5985), apiVersion: null });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(new Set([etag, at(a.body, 'etag'), at(b.body, 'etag')]).size).toBe(3);
    const read = await arm(PATH, { apiVersion: null });
    expect(ports(read.body)).toEqual([5985]);
    expect(at(read.body, 'etag')).toBe(at(b.body, 'etag'));
  });

  it('two clients racing with the same etag: exactly one wins, the other gets 412', async () => {
    const etag = await create();
    const answers = await Promise.all([3389, 5985].map((port) => arm(PATH, { method: 'PUT', body: withPort(port), headers: { 'If-Match': etag }, apiVersion: null })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const winner = answers.find((answer) => answer.status === 200);
    expect(ports((await arm(PATH, { apiVersion: null })).body)).toEqual(ports(winner?.body));
  });
});
