import { http } from 'msw';
import { setupWorker } from 'msw/browser';
import { ARM_BASE_URL } from './arm-config';
import { connectEmulator } from './emulator-link';
import { isScenarioName, type ScenarioName } from './scenarios/scenario-names';

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
 * (mocks/emulator-worker.ts), and msw's service worker, whose one handler on the page relays ARM
 * requests there. Resolves once requests can be intercepted; requests made while the worker is
 * still loading or seeding the fleet wait for it, so the console can render meanwhile.
 */
export async function startBrowserEmulator(options: BrowserEmulatorOptions = {}): Promise<void> {
  const worker = new Worker(new URL('./emulator-worker.ts', import.meta.url), { type: 'module', name: 'azure-emulator' });
  const client = connectEmulator(worker, { scenario: options.scenario ?? scenarioFromUrl(), persist: options.persist ?? true });
  // A failed start answers every request with 503 EmulatorUnavailable (the console shows it).
  client.started.catch(() => undefined);
  await setupWorker(http.all(`${ARM_BASE_URL}/*`, ({ request }) => client.fetch(request))).start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
}
