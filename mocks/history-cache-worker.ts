/// <reference lib="webworker" />
import { serveHistoryCache } from './scenario-history-cache';

// A shared worker that only holds the scenario's kept JIT history in memory for the emulator's
// worker of the next page load (mocks/scenario-history-cache.ts). Created by the page with
// `extendedLifetime`, so that it outlives a reload; every tab of the origin shares it.
const scope = self as unknown as SharedWorkerGlobalScope;
const cell: { text: string | null } = { text: null };

scope.addEventListener('connect', (event) => {
  const port = event.ports[0];
  if (port) serveHistoryCache(port, cell);
});
