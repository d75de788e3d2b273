import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudErrorSchema } from '../src/api/wire/cloud-error';
import { ARM_BASE_URL } from './arm-config';
import { BAD_INPUT_CASES, BATTERY_NOW, SETUP_CALLS, VALID_INITIATE_BODY, VALID_INITIATE_PATH, VALID_PUT_BODY, VALID_PUT_PATH, type BadInputCase } from './bad-input.cases';
import { emulator } from './emulator';
import { makeUnsignedToken } from './identity';
import { emulatorStore, resetEmulator, server } from './node';
import { restoreStore, serializeStore } from './persistence';

// Runs every row of bad-input.cases.ts through msw/node with plain fetch: each must be a 4xx
// CloudError with the exact code, a message naming the field or value, and no change to the
// emulator's state (store, fault configuration, notice).

const ADMIN = `Bearer ${makeUnsignedToken({ upn: 'admin@contoso.com', name: 'Alex Admin' })}`;

async function send(call: Pick<BadInputCase, 'method' | 'path' | 'headers' | 'body'>): Promise<{ status: number; text: string }> {
  const url = call.path.startsWith('http') ? call.path : `${ARM_BASE_URL}${call.path}`;
  const headers: Record<string, string | null> = { Authorization: ADMIN, ...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...call.headers };
  const sent = new Headers();
  for (const [name, value] of Object.entries(headers)) if (value !== null) sent.set(name, value);
  let body: BodyInit | undefined;
  if (call.body !== undefined) {
    const text = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    // A Blob without a type makes fetch send no Content-Type at all.
    body = sent.has('content-type') ? text : new Blob([text]);
  }
  const response = await fetch(url, { method: call.method, headers: sent, ...(body !== undefined ? { body } : {}) });
  return { status: response.status, text: await response.text() };
}

function emulatorState(): string {
  const runtime = emulator();
  return JSON.stringify({ store: serializeStore(emulatorStore()), faults: runtime.faults.current, notice: runtime.notice ?? null });
}

let baseline = '';

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  resetEmulator('default', { now: BATTERY_NOW });
  for (const call of SETUP_CALLS) {
    const answer = await send(call);
    if (answer.status !== 200) throw new Error(`battery setup ${call.path} answered ${String(answer.status)}: ${answer.text}`);
  }
  baseline = serializeStore(emulatorStore());
});
afterAll(() => server.close());

/** Every case starts from the same state, even if an earlier one (wrongly) changed it. */
function restoreBaseline(): void {
  const restored = restoreStore(baseline);
  if (!restored.ok) throw new Error(restored.reason);
  const runtime = emulator();
  runtime.replace(restored.store);
  runtime.faults.configure({});
}

describe(`bad input battery (${String(BAD_INPUT_CASES.length)} cases)`, () => {
  it('has at least 150 cases with distinct names', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  it('the valid calls the cases vary are accepted (so each case fails for its own reason)', async () => {
    restoreBaseline();
    expect((await send({ method: 'PUT', path: VALID_PUT_PATH, body: VALID_PUT_BODY })).status).toBe(200);
    expect((await send({ method: 'POST', path: VALID_INITIATE_PATH, body: VALID_INITIATE_BODY })).status).toBe(202);
  });

  it.each(BAD_INPUT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    restoreBaseline();
    const before = emulatorState();
    const answer = await send(testCase);
    const after = emulatorState();

    let json: unknown;
    try {
      json = JSON.parse(answer.text) as unknown;
    } catch {
      json = answer.text;
    }
    const error = cloudErrorSchema.safeParse(json);
    expect({ status: answer.status, code: error.success ? error.data.error.code : json }).toEqual({ status: testCase.status, code: testCase.code });
    if (!error.success) throw new Error('not a CloudError');
    expect(error.data.error.message.length).toBeGreaterThan(0);
    if (testCase.message) expect(error.data.error.message).toMatch(testCase.message);
    expect(after === before, 'the emulator state changed').toBe(true);
  });
});
