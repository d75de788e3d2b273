import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import { ARM_BASE_URL } from './arm-config';
import { armError, connectEmulator } from './emulator-link';
import { isScenarioName, type ScenarioName } from './scenarios/scenario-names';

/**
 * Emulated calls never reach the network, so neither DevTools' Network panel nor Playwright's
 * request events show them. Each call leaves User Timing entries instead: a mark named
 * ARM_REQUEST_MARK when it is asked, and a measure ("ARM GET /subscriptions 200") when it is
 * answered, both with this detail (status 0: a network error, or a call the app cancelled).
 * DevTools' Performance panel shows the measures; the e2e tests and the bench observe both
 * (decision 004). They are cleared from the page's buffer as soon as they are made.
 */
export interface ArmCallDetail {
  id: number;
  method: string;
  url: string;
  /** The request's x-ms-client-request-id: the console sends one per request, the same on its retries. */
  clientRequestId?: string;
  status?: number;
}

export const ARM_REQUEST_MARK = 'ARM request';

export interface BrowserEmulatorOptions {
  /** Scenario for a first visit; default: the `?scenario=` URL parameter, else "default". */
  scenario?: ScenarioName;
  /** Set false to keep nothing between reloads. */
  persist?: boolean;
}

function scenarioFromUrl(): ScenarioName | undefined {
  const value = new URL(window.location.href).searchParams.get('scenario');
  return isScenarioName(value) ? value : undefined;
}

/**
 * Starts the emulator: its store, routes and persistence in a dedicated worker
 * (mocks/emulator-worker.ts), and msw's fetch interceptor on the page, which hands every request
 * to ARM to that worker (decision 004: msw's service worker relayed each body through two more
 * threads, and that relay was the largest cost of loading the 10,000-VM fleet). Requests made
 * while the worker is still loading or seeding the fleet wait for it, so the console can render
 * meanwhile.
 */
export function startBrowserEmulator(options: BrowserEmulatorOptions = {}): void {
  const worker = new Worker(new URL('./emulator-worker.ts', import.meta.url), { type: 'module', name: 'azure-emulator' });
  const client = connectEmulator(worker, { scenario: options.scenario ?? scenarioFromUrl(), persist: options.persist ?? true });
  // A failed start answers every request with 503 EmulatorUnavailable (the console shows it).
  client.started.catch(() => undefined);
  const interceptor = new FetchInterceptor();
  let calls = 0;
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the interceptor awaits its listeners (emitAsync) before it answers or passes a request on
  interceptor.on('request', async ({ request, controller }) => {
    // Anything else (the app's own files, other origins) goes to the network as usual.
    if (!request.url.startsWith(`${ARM_BASE_URL}/`)) return;
    const clientRequestId = request.headers.get('x-ms-client-request-id');
    const call: ArmCallDetail = { id: ++calls, method: request.method, url: request.url, ...(clientRequestId === null ? {} : { clientRequestId }) };
    const start = performance.mark(ARM_REQUEST_MARK, { detail: call }).startTime;
    let response: Response;
    try {
      response = await client.fetch(request);
    } catch (error) {
      // The link itself failed (not the emulator's answer): a CloudError, not msw's generic 500.
      response = armError(503, 'EmulatorUnavailable', `The Azure emulator could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A request the app cancelled (React Query does) has been rejected already: nothing to answer.
    const aborted = request.signal.aborted;
    if (!aborted) controller.respondWith(response);
    const status = aborted ? 0 : response.status;
    const name = `ARM ${call.method} ${new URL(call.url).pathname} ${String(status)}`;
    performance.measure(name, { start, detail: { ...call, status } satisfies ArmCallDetail });
    // Observers and DevTools have the entries; the page's buffer does not keep one per call.
    performance.clearMarks(ARM_REQUEST_MARK);
    performance.clearMeasures(name);
  });
  interceptor.apply();
  forgetOldServiceWorker();
}

/**
 * Earlier versions registered msw's service worker (public/mockServiceWorker.js). One still
 * registered in this browser would only pass requests through; it is unregistered so it stops
 * sitting between the page and its files.
 */
function forgetOldServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker
    .getRegistrations()
    .then((registrations) =>
      Promise.all(registrations.filter((registration) => (registration.active ?? registration.waiting ?? registration.installing)?.scriptURL.endsWith('/mockServiceWorker.js')).map((registration) => registration.unregister())),
    )
    .catch(() => undefined);
}
