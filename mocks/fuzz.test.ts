import fc from 'fast-check';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloudErrorSchema } from '../src/api/wire/cloud-error';
import { ARM_BASE_URL } from './arm-config';
import { BATTERY_NOW, SETUP_CALLS, VALID_INITIATE_BODY, VALID_INITIATE_PATH, VALID_PUT_BODY, VALID_PUT_PATH } from './bad-input.cases';
import { emulator } from './emulator';
import { handlers } from './handlers';
import { makeUnsignedToken } from './identity';
import { emulatorStore, resetEmulator } from './node';
import { restoreStore, serializeStore } from './persistence';

// Random JSON at every write route of the emulator: no 500, every non-2xx is a CloudError, and a
// refused call changes nothing. Bodies are fc.jsonValue, raw text, and targeted mutations of a
// valid body (fields dropped, types swapped, huge numbers, unicode, deep nesting, duplicates).
// Runs per route: FUZZ_RUNS (default 300; `npm run test:fuzz:long` runs 5000). Calls go through
// msw's own request handling (getResponse over the emulator's handler list) rather than the
// fetch interceptor: the same handlers and Request objects at a third of the cost per call (the
// bad-input battery covers the path through fetch).

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const ADMIN = `Bearer ${makeUnsignedToken({ upn: 'admin@contoso.com', name: 'Alex Admin' })}`;

type Path = (string | number)[];

// --- targeted mutations of a valid body ---

function nodePaths(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item: unknown, i) => paths.push(...nodePaths(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) paths.push(...nodePaths(item, [...prefix, key]));
  return paths;
}

type Mutation =
  | { kind: 'drop' }
  | { kind: 'replace'; value: unknown }
  | { kind: 'swapType' }
  | { kind: 'duplicate' };

function swapType(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return Number.isNaN(Number(value)) ? value.length : Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item: unknown, i) => [String(i), item]));
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return {};
}

function mutate(root: unknown, path: Path, mutation: Mutation): unknown {
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'swapType') return swapType(root);
    if (mutation.kind === 'duplicate') return [root, root];
    return undefined;
  }
  const copy: unknown = structuredClone(root);
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, unknown>;
  if (mutation.kind === 'drop') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete container[last];
  } else if (mutation.kind === 'replace') {
    container[last] = mutation.value;
  } else if (mutation.kind === 'swapType') {
    container[last] = swapType(container[last]);
  } else if (Array.isArray(parent) && typeof last === 'number') {
    parent.splice(last, 0, structuredClone(parent[last]) as unknown);
  } else {
    container[last] = [container[last], container[last]];
  }
  return copy;
}

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { deeper: value };
  return value;
}

const NASTY_STRINGS = ['', ' ', '\u0000', '\u202etxt.exe', '𝕁𝕀𝕋', 'ジャストインタイム', '<script>alert(1)</script>', '=cmd|', '../../etc/passwd', '%00', '\uD800', 'null', '*', 'TCP', 'PT3H', '10.0.0.0/8'];
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 53) - 1, Number.MIN_VALUE, -0, 0.5, 65535.5, 65536, -1, 4294967296),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.jsonValue({ maxDepth: 1 })).map(([depth, leaf]) => nested(depth, leaf)),
  fc.constant('x'.repeat(100_000)),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'drop' }),
  replacement.map((value): Mutation => ({ kind: 'replace', value })),
  fc.constant<Mutation>({ kind: 'swapType' }),
  fc.constant<Mutation>({ kind: 'duplicate' }),
);

function mutatedBody(valid: unknown): fc.Arbitrary<unknown> {
  const paths = nodePaths(valid);
  return fc.array(fc.tuple(fc.nat({ max: paths.length - 1 }), mutation), { minLength: 1, maxLength: 3 }).map((steps) =>
    steps.reduce<unknown>((body, [index, step]) => {
      // Paths of the valid body; after an earlier step a path may be gone, then the step applies to the root.
      const path = paths[index] ?? [];
      try {
        return mutate(body, path, step);
      } catch {
        return mutate(body, [], step);
      }
    }, valid),
  );
}

/** What goes on the wire: JSON of a value, or raw text (not necessarily JSON). */
function bodies(valid: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: mutatedBody(valid).map((body) => JSON.stringify(body) ?? '') },
    { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  );
}

// --- the harness ---

let baseline = '';

async function send(method: string, path: string, body: string | undefined): Promise<{ status: number; text: string }> {
  const request = new Request(`${ARM_BASE_URL}${path}`, {
    method,
    headers: { Authorization: ADMIN, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const response = await getResponse(handlers, request);
  if (!response) throw new Error(`no handler answered ${method} ${path}`);
  return { status: response.status, text: await response.text() };
}

function state(): string {
  return JSON.stringify({ store: serializeStore(emulatorStore()), faults: emulator().faults.current });
}

/** The state before the next call: after a refusal it is the state measured after the last one. */
let current = '';

function restoreBaseline(): void {
  const restored = restoreStore(baseline);
  if (!restored.ok) throw new Error(restored.reason);
  emulator().replace(restored.store);
  emulator().faults.configure({});
  current = state();
}

/** One fuzzed call: never a 500, a CloudError on every failure, nothing changed on a refusal. */
async function check(method: string, path: string, body: string | undefined): Promise<void> {
  const before = current;
  const answer = await send(method, path, body);
  expect(answer.status, answer.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
  if (answer.status >= 300) {
    let json: unknown;
    try {
      json = JSON.parse(answer.text) as unknown;
    } catch {
      json = answer.text;
    }
    expect(cloudErrorSchema.safeParse(json).success, answer.text.slice(0, 300)).toBe(true);
    current = state();
    if (current !== before) throw new Error(`a refused ${method} ${path} changed the state: ${(body ?? '').slice(0, 200)}`);
  } else {
    // Fuzz found a valid call: start the next run from the baseline again.
    restoreBaseline();
  }
}

const POLICY = VALID_PUT_PATH.split('?')[0] ?? '';
const segment = fc.oneof(
  fc.constantFrom('default', 'battery', 'restricted', 'rg-web', 'westeurope', '..', '%2F', '%20', 'a%00b', '*', 'ジット', ''.padEnd(300, 'n')),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((text) => encodeURIComponent(text)),
);

beforeAll(async () => {
  resetEmulator('default', { now: BATTERY_NOW });
  for (const call of SETUP_CALLS) await send(call.method, call.path, JSON.stringify(call.body));
  baseline = serializeStore(emulatorStore());
});

describe(`fuzz: random JSON at every write route (${String(RUNS)} runs per route)`, () => {
  const timeout = Math.max(60_000, RUNS * 200);

  it('PUT jitNetworkAccessPolicies/{name}', async () => {
    restoreBaseline();
    await fc.assert(fc.asyncProperty(bodies(VALID_PUT_BODY), (body) => check('PUT', VALID_PUT_PATH, body)), { numRuns: RUNS });
  }, timeout);

  it('POST jitNetworkAccessPolicies/{name}/initiate', async () => {
    restoreBaseline();
    await fc.assert(fc.asyncProperty(bodies(VALID_INITIATE_BODY), (body) => check('POST', VALID_INITIATE_PATH, body)), { numRuns: RUNS });
  }, timeout);

  it('DELETE jitNetworkAccessPolicies/{name} (random path segments and bodies)', async () => {
    restoreBaseline();
    const parts = POLICY.split('/');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: parts.length - 1 }), segment, fc.option(fc.jsonValue().map((value) => JSON.stringify(value))), async (index, replacementSegment, body) => {
        const path = parts.map((part, i) => (i === index && i > 0 ? replacementSegment : part)).join('/');
        await check('DELETE', `${path}?api-version=2020-01-01`, body ?? undefined);
      }),
      { numRuns: RUNS },
    );
  }, timeout);

  it('POST /emulator/reset', async () => {
    restoreBaseline();
    const valid = { scenario: 'default' };
    // "large" is a valid scenario but takes a second to build; the fuzz leaves it to the battery of happy paths.
    const body = bodies(valid).filter((text) => !text.includes('large'));
    await fc.assert(fc.asyncProperty(body, (text) => check('POST', '/emulator/reset', text)), { numRuns: RUNS });
  }, timeout);

  it('PUT /emulator/faults', async () => {
    restoreBaseline();
    const valid = { latencyMs: 0, failureRate: 0, failureStatus: 503, retryAfterSeconds: 1, dropRate: 0, methods: ['PUT'], pathContains: '/nothing-matches/', seed: 7 };
    await fc.assert(
      fc.asyncProperty(bodies(valid), async (text) => {
        await check('PUT', '/emulator/faults', text);
        // An accepted configuration must not slow or fail the next run.
        emulator().faults.configure({});
        current = state();
      }),
      { numRuns: RUNS },
    );
  }, timeout);
});
