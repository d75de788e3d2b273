import { getResponse, type RequestHandler } from 'msw';
import { utf8Bytes } from '../src/domain/utf8';
import { jsonTextOf } from './arm';
import type { EmulatorRuntime } from './emulator';
import { isScenarioName, type ScenarioName } from './scenarios/scenarios';

// The emulator runs in a dedicated worker, not on the page: msw hands every intercepted request
// to the page's main thread, and building the 10,000-VM fleet, serialising its list pages and
// replaying the journal there blocked the console for seconds. The page keeps one tiny msw handler
// that forwards each ARM request over this link; the worker answers with msw's own routing
// (`getResponse`) over the same handlers Node tests use. Bodies travel as transferred ArrayBuffers
// (UTF-8 encoded in the worker), so the page neither copies nor encodes them.
//
// The emulator's clock follows the page's: every message carries the page's Date.now(), so a
// test's fake clock (Playwright's page.clock) drives expiry as it did when the emulator ran there.

/** What both ends of the link need of a Worker, a worker's global scope or a MessagePort. */
export interface LinkPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

interface StartMessage {
  type: 'start';
  scenario: string | undefined;
  persist: boolean;
  clientNow: number;
}

interface RequestMessage {
  type: 'request';
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  clientNow: number;
}

type ReplyMessage =
  | { type: 'started' }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'network-error'; id: number };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isHeaderList(value: unknown): value is [string, string][] {
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

function armError(status: number, code: string, message: string): Response {
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
      const nullBody = reply.status === 204 || reply.status === 304 || request.method === 'HEAD';
      return new Response(nullBody ? null : reply.body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Worker side
// ---------------------------------------------------------------------------------------------

function isStart(value: unknown): value is StartMessage {
  return isObject(value) && value.type === 'start' && typeof value.persist === 'boolean' && typeof value.clientNow === 'number' && (value.scenario === undefined || typeof value.scenario === 'string');
}

function isRequest(value: unknown): value is RequestMessage {
  return (
    isObject(value) &&
    value.type === 'request' &&
    typeof value.id === 'number' &&
    typeof value.method === 'string' &&
    typeof value.url === 'string' &&
    typeof value.clientNow === 'number' &&
    isHeaderList(value.headers) &&
    (value.body === null || value.body instanceof ArrayBuffer)
  );
}

export type BootFn = (options: { scenario: ScenarioName | undefined; persist: boolean; now: Date }) => Promise<EmulatorRuntime>;

/** Serves the link from the worker: boots the emulator on `start`, answers every `request` with the handlers. */
export function serveEmulator(port: LinkPort, handlers: readonly RequestHandler[], boot: BootFn): void {
  // Page clock minus this thread's clock, from the newest message.
  let clockOffset = 0;
  let booted: Promise<EmulatorRuntime> | undefined;

  const answer = async (message: RequestMessage): Promise<ReplyMessage> => {
    if (!booted) return { type: 'response', id: message.id, ...(await plain(armError(503, 'EmulatorUnavailable', 'The Azure emulator has not been started.'))) };
    try {
      await booted;
    } catch (error) {
      return { type: 'response', id: message.id, ...(await plain(armError(503, 'EmulatorUnavailable', `The Azure emulator could not start: ${error instanceof Error ? error.message : String(error)}`))) };
    }
    let response: Response | undefined;
    try {
      const request = new Request(message.url, { method: message.method, headers: message.headers, ...(message.body ? { body: message.body } : {}) });
      response = await getResponse([...handlers], request);
    } catch (error) {
      response = armError(500, 'InternalServerError', `The Azure emulator failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response === undefined) response = armError(404, 'InvalidResourceType', `The route '${message.method} ${new URL(message.url).pathname}' could not be found.`);
    if (response.type === 'error') return { type: 'network-error', id: message.id };
    return { type: 'response', id: message.id, ...(await plain(response)) };
  };

  port.addEventListener('message', (event) => {
    const message: unknown = event.data;
    if (isStart(message)) {
      clockOffset = message.clientNow - Date.now();
      const scenario = isScenarioName(message.scenario) ? message.scenario : undefined;
      booted ??= boot({ scenario, persist: message.persist, now: new Date(message.clientNow) }).then((runtime) => {
        runtime.clock = () => new Date(Date.now() + clockOffset);
        return runtime;
      });
      booted.then(
        () => port.postMessage({ type: 'started' } satisfies ReplyMessage, []),
        (error: unknown) => port.postMessage({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) } satisfies ReplyMessage, []),
      );
      return;
    }
    if (!isRequest(message)) return;
    clockOffset = message.clientNow - Date.now();
    void answer(message).then((reply) => port.postMessage(reply, reply.type === 'response' && reply.body ? [reply.body] : []));
  });
}

async function plain(response: Response): Promise<{ status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer | null }> {
  const text = jsonTextOf(response);
  const body = response.body === null ? null : text !== undefined ? utf8Bytes(text).buffer : await response.arrayBuffer();
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], body };
}
