import { afterEach, describe, expect, it } from 'vitest';
import { BATTERY_NOW, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { ARM_BASE_URL } from './arm-config';
import type { EmulatorRuntime } from './emulator';
import { connectEmulator, type EmulatorClient } from './emulator-link';
import { serveEmulator, type BootFn } from './emulator-serve';
import { handlers } from './handlers';
import { makeUnsignedToken } from './identity';
import { emulatorStore, resetEmulator } from './node';
import { USERS } from './test-client';

// The page ↔ worker link of the browser emulator (mocks/browser.ts ↔ mocks/emulator-worker.ts),
// over a real MessageChannel: what the console receives must be what the emulator answered.

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

function link(boot: BootFn, scenario?: 'default' | 'large'): EmulatorClient {
  const channel = new MessageChannel();
  channels.push(channel);
  serveEmulator(channel.port2, handlers, boot);
  return connectEmulator(channel.port1, { scenario, persist: false });
}

const bootDefault: BootFn = () => Promise.resolve(resetEmulator('default', { now: BATTERY_NOW }));
const auth = { Authorization: `Bearer ${makeUnsignedToken(USERS.admin)}` };
const url = (path: string) => (path.startsWith('http') ? path : `${ARM_BASE_URL}${path}`);

describe('emulator link', () => {
  it('hands the scenario the page asked for and the page clock to the boot, then reports started', async () => {
    const seen: Parameters<BootFn>[0][] = [];
    const before = Date.now();
    const client = link((options) => {
      seen.push(options);
      return bootDefault(options);
    }, 'large');
    await client.started;
    expect(seen).toHaveLength(1);
    expect(seen[0]?.scenario).toBe('large');
    expect(seen[0]?.persist).toBe(false);
    expect(seen[0]?.now.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('answers a GET with the status, headers and JSON body the emulator produced', async () => {
    const client = link(bootDefault);
    const response = await client.fetch(new Request(url('/subscriptions?api-version=2022-12-01'), { headers: auth }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { value: { subscriptionId: string }[] };
    expect(body.value.map((s) => s.subscriptionId).sort()).toEqual([...emulatorStore().subscriptions.all()].map((s) => s.subscriptionId).sort());
  });

  it('carries a PUT body to the emulator and its CloudError back (412 on a stale If-Match)', async () => {
    const client = link(bootDefault);
    const put = (headers: Record<string, string>) =>
      client.fetch(new Request(url(VALID_PUT_PATH), { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(VALID_PUT_BODY) }));
    const created = await put({});
    expect(created.status).toBe(200);
    const etag = created.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(emulatorStore().jitPolicies.all().some((p) => p.name === 'battery')).toBe(true);
    expect((await put({ 'If-Match': etag ?? '' })).status).toBe(200);
    const stale = await put({ 'If-Match': etag ?? '' });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('PreconditionFailed');
  });

  it('answers 204 without a body', async () => {
    const client = link(bootDefault);
    await client.fetch(new Request(url(VALID_PUT_PATH), { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(VALID_PUT_BODY) }));
    expect((await client.fetch(new Request(url(VALID_PUT_PATH), { method: 'DELETE', headers: auth }))).status).toBe(200);
    const again = await client.fetch(new Request(url(VALID_PUT_PATH), { method: 'DELETE', headers: auth }));
    expect(again.status).toBe(204);
    expect(await again.text()).toBe('');
  });

  it('turns a dropped connection into a network error, as a real fetch would see', async () => {
    let runtime: EmulatorRuntime | undefined;
    const client = link(async (options) => {
      runtime = await bootDefault(options);
      return runtime;
    });
    await client.started;
    runtime?.faults.configure({ dropRate: 1 });
    const response = await client.fetch(new Request(url('/subscriptions?api-version=2022-12-01'), { headers: auth }));
    expect(response.type).toBe('error');
  });

  it('answers 503 EmulatorUnavailable when the emulator could not start, and says why', async () => {
    const client = link(() => Promise.reject(new Error('IndexedDB is unavailable')));
    await expect(client.started).rejects.toThrow('IndexedDB is unavailable');
    const response = await client.fetch(new Request(url('/subscriptions?api-version=2022-12-01'), { headers: auth }));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('EmulatorUnavailable');
    expect(body.error.message).toContain('IndexedDB is unavailable');
  });

  it('sends a list page the emulator built from JSON text, as that text', async () => {
    const client = link(bootDefault);
    const response = await client.fetch(new Request(url('/subscriptions?api-version=2022-12-01'), { headers: auth }));
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ value: expect.any(Array) as unknown });
    const names = (JSON.parse(text) as { value: { displayName: string }[] }).value.map((s) => s.displayName);
    expect(names).toEqual([...emulatorStore().subscriptions.all()].map((s) => s.displayName));
  });

  it('hands each POST and PUT body to the routes as the bytes the page sent: Resource Graph, control, bad input', async () => {
    const client = link(bootDefault);
    const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
      client.fetch(new Request(url(path), { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body }));
    const graph = '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01';
    const query = "Resources | where type =~ 'microsoft.compute/virtualmachines' | order by id asc | project name";
    const answer = await post(graph, JSON.stringify({ query, options: { $top: 2 } }));
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as { count: number; data: { name: string }[] };
    expect(page.count).toBe(2);
    expect(page.data.map((row) => row.name)).toEqual([...emulatorStore().virtualMachines.all()].map((vm) => vm.name).sort().slice(0, 2));

    // Text that is not ASCII arrives as sent (the bytes are decoded as UTF-8): the error quotes it.
    const misspelt = await post(graph, JSON.stringify({ query: "Resources | where name == 'ヴイエム' | projekt name" }));
    expect(misspelt.status).toBe(400);
    expect(await misspelt.text()).toContain('projekt');
    const quoted = await post(graph, JSON.stringify({ query: "Resources | where name == 'ヴイエム' ヴ" }));
    expect(((await quoted.json()) as { error: { message: string } }).error.message).toContain('ヴ');

    const broken = await post(graph, '{"query": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('InvalidRequestContent');
    const tooLarge = await post(graph, JSON.stringify({ query, pad: 'x'.repeat(1024 * 1024) }));
    expect(tooLarge.status).toBe(413);

    const faults = await client.fetch(new Request(url('/emulator/faults'), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latencyMs: 0, failRate: 0 }) }));
    expect(faults.status).toBe(200);
  });
});
