/// <reference lib="webworker" />
import './worker-local-storage';
import { bootEmulator } from './emulator-boot';
import { serveEmulator } from './emulator-serve';
import { handlers } from './handlers';

// The emulator's thread (a dedicated module worker per tab): the store, persistence, cross-tab sync
// and every route run here; the page only relays requests (mocks/browser.ts).
const scope = self as unknown as DedicatedWorkerGlobalScope;

serveEmulator(scope, handlers, (options) => bootEmulator(options));
