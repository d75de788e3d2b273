import type { ScenarioName } from './scenarios/scenario-names';

// The emulator runs in a dedicated worker, not on the page: building the 10,000-VM fleet,
// serialising its list pages and replaying the journal on the page's main thread blocked the
// console for seconds. The page's fetch interceptor (mocks/browser.ts) forwards each ARM request
// over this link; the worker answers with msw's own routing (`getResponse`) over the same handlers
// Node tests use. Bodies travel as transferred ArrayBuffers (UTF-8 encoded in the worker), so the
// page neither copies nor encodes them.
//
// The emulator's clock follows the page's: every message carries the page's Date.now(), so a
// test's fake clock (Playwright's page.clock) drives expiry as it did when the emulator ran there.

/** What both ends of the link need of a Worker, a worker's global scope or a MessagePort. */
export interface LinkPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface StartMessage {
  type: 'start';
  scenario: string | undefined;
  persist: boolean;
  clientNow: number;
}

export interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  clientNow: number;
}

export type ReplyMessage =
  | { type: 'started' }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'network-error'; id: number };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isHeaderList(value: unknown): value is [string, string][] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string');
}

function isReply(value: unknown): value is ReplyMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'started':
      return true;
    case 'start-failed':
      return typeof value.message === 'string';
    case 'network-error':
      return typeof value.id === 'number';
    case 'response':
      return typeof value.id === 'number' && typeof value.status === 'number' && typeof value.statusText === 'string' && isHeaderList(value.headers) && (value.body === null || value.body instanceof ArrayBuffer);
    default:
      return false;
  }
}

/** An ARM CloudError answer (the link's own failures: the emulator did not start or answer). */
export function armError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

// ---------------------------------------------------------------------------------------------
// Page side
// ---------------------------------------------------------------------------------------------

export interface EmulatorClient {
  /** Resolves when the worker's emulator is running (its store loaded or seeded). */
  readonly started: Promise<void>;
  /** Answers one intercepted request from the worker's emulator. */
  fetch(request: Request): Promise<Response>;
}

/** Starts the worker's emulator and returns the page-side end of the link. */
export function connectEmulator(port: LinkPort, options: { scenario?: ScenarioName | undefined; persist: boolean }): EmulatorClient {
  const pending = new Map<number, (reply: ReplyMessage) => void>();
  let nextId = 1;
  let onStarted: ((reply: ReplyMessage) => void) | undefined;
  const started = new Promise<void>((resolve, reject) => {
    onStarted = (reply) => {
      if (reply.type === 'started') resolve();
      else if (reply.type === 'start-failed') reject(new Error(reply.message));
    };
  });
  port.addEventListener('message', (event) => {
    const reply: unknown = event.data;
    if (!isReply(reply)) return;
    if (reply.type === 'started' || reply.type === 'start-failed') {
      onStarted?.(reply);
      return;
    }
    const settle = pending.get(reply.id);
    pending.delete(reply.id);
    settle?.(reply);
  });
  const start: StartMessage = { type: 'start', scenario: options.scenario, persist: options.persist, clientNow: Date.now() };
  port.postMessage(start, []);

  return {
    started,
    async fetch(request) {
      const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
      const id = nextId++;
      const reply = await new Promise<ReplyMessage>((resolve) => {
        pending.set(id, resolve);
        const message: RequestMessage = { type: 'request', id, method: request.method, url: request.url, headers: [...request.headers], body, clientNow: Date.now() };
        port.postMessage(message, body ? [body] : []);
      });
      if (reply.type === 'network-error') return Response.error();
      if (reply.type !== 'response') return armError(503, 'EmulatorUnavailable', 'The Azure emulator did not answer.');
      const nullBody = reply.status === 204 || reply.status === 205 || reply.status === 304 || request.method === 'HEAD';
      return new Response(nullBody ? null : oneChunkStream(reply.body), { status: reply.status, statusText: reply.statusText, headers: reply.headers });
    },
  };
}

/**
 * The body as a stream of one chunk, the transferred bytes themselves. A Response made from an
 * ArrayBuffer copies it, and reading its text cost twice as much again: per 1 MB list page in
 * this machine's Chromium, 5–6 ms to construct and 10–20 ms for text(), against 0.2 ms and 6–8 ms
 * from a stream. That is ~0.3 s of the page's main thread on the 10,000-VM fleet's 23 MB.
 */
function oneChunkStream(body: ArrayBuffer | null): ReadableStream<Uint8Array> | null {
  if (body === null) return null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (body.byteLength > 0) controller.enqueue(new Uint8Array(body));
      controller.close();
    },
  });
}
