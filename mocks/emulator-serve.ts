import { getResponse, HttpHandler, type RequestHandler } from 'msw';
import { jsonBytesOf, relayedRequest } from './arm';
import type { EmulatorRuntime } from './emulator';
import { armError, isHeaderList, isObject, type LinkPort, type ReplyMessage, type RequestMessage, type StartMessage } from './emulator-link';
import { isScenarioName, type ScenarioName } from './scenarios/scenario-names';

// The worker's end of the link (mocks/emulator-link.ts): boots the emulator and answers each
// relayed request with msw's own routing. Apart from the page's end, so the page never loads the
// emulator (routes, store, scenarios) that only the worker runs.

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

function slashCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) count++;
  return count;
}

/**
 * The handlers that might answer a request, in their order: msw tries each handler in turn and
 * parses the request's URL and cookies for every one (about 0.5 ms each in the worker, most of a
 * small call's cost), so handlers whose method or path shape cannot match are left out first. The
 * test only ever keeps too many (a path parameter matches any segment, case is ignored as msw's
 * matching ignores it); msw still decides among those kept.
 */
export function handlerCandidates(handlers: readonly RequestHandler[]): (method: string, url: string) => RequestHandler[] {
  const tests = handlers.map((handler): ((method: string, path: string, slashes: number) => boolean) => {
    if (!(handler instanceof HttpHandler)) return () => true;
    const { method, path } = handler.info;
    const methodMatches = typeof method === 'string' ? (m: string) => m.toUpperCase() === method.toUpperCase() : (m: string) => method.test(m);
    if (typeof path !== 'string') return methodMatches;
    const source = path
      .split(/(:[A-Za-z0-9_]+|\*)/)
      .map((part) => (part === '*' ? '.*' : part.startsWith(':') && part.length > 1 ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    const pattern = new RegExp(`^${source}/?$`, 'i');
    // Without a wildcard the path has as many '/' as the pattern (one more with a trailing slash): a
    // count rules most handlers out before the pattern is tried.
    const slashes = path.includes('*') ? undefined : slashCount(path);
    return (m, p, pathSlashes) => (slashes === undefined || pathSlashes === slashes || pathSlashes === slashes + 1) && methodMatches(m) && pattern.test(p);
  });
  return (method, url) => {
    const cut = url.search(/[?#]/);
    const path = cut === -1 ? url : url.slice(0, cut);
    const slashes = slashCount(path);
    return handlers.filter((_, i) => tests[i]?.(method, path, slashes) === true);
  };
}

export type BootFn = (options: { scenario: ScenarioName | undefined; persist: boolean; now: Date }) => Promise<EmulatorRuntime>;

/** Serves the link from the worker: boots the emulator on `start`, answers every `request` with the handlers. */
export function serveEmulator(port: LinkPort, handlers: readonly RequestHandler[], boot: BootFn): void {
  // Page clock minus this thread's clock, from the newest message.
  let clockOffset = 0;
  let booted: Promise<EmulatorRuntime> | undefined;
  const candidates = handlerCandidates(handlers);

  const answer = async (message: RequestMessage): Promise<ReplyMessage> => {
    if (!booted) return { type: 'response', id: message.id, ...(await plain(armError(503, 'EmulatorUnavailable', 'The Azure emulator has not been started.'))) };
    try {
      await booted;
    } catch (error) {
      return { type: 'response', id: message.id, ...(await plain(armError(503, 'EmulatorUnavailable', `The Azure emulator could not start: ${error instanceof Error ? error.message : String(error)}`))) };
    }
    let response: Response | undefined;
    try {
      // The body stays as the bytes received: msw is handed a request without one, and the routes
      // read these bytes (relayedRequest in mocks/arm.ts).
      const plainRequest = new Request(message.url, { method: message.method, headers: message.headers });
      const request = message.body ? relayedRequest(plainRequest, message.body) : plainRequest;
      // The Request's own URL: normalised (default port, dot segments) as msw matches it.
      response = await getResponse(candidates(request.method, request.url), request);
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
  // Fresh bytes of the answer's JSON, ours to transfer; other answers are read from their body.
  const bytes = response.body === null ? undefined : jsonBytesOf(response);
  const body = response.body === null ? null : bytes !== undefined ? bytes.buffer : await response.arrayBuffer();
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], body };
}
