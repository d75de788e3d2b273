import type { HistoryStorage } from './persistence-journal';

// The scenario's kept JIT history (keptScenarioHistory in persistence-journal.ts) held in memory by
// a shared worker that outlives a page reload (mocks/history-cache-worker.ts, `extendedLifetime`),
// so that the emulator's worker of the next load writes it onto the rebuilt resources instead of
// replaying the JIT write path. On the 10,000-VM fleet the replay was ~0.15 s of the worker's
// rebuild, in cold code, while the page waited for its first answer; receiving the kept text is a
// copy of a string between threads. Before, the history was tried in IndexedDB and in an
// origin-private file (branches experiment/saved-jit-history and experiment/kept-history-opfs):
// reading 3.7 MB back took 80-300 ms there. Everything fails soft: without the shared worker, or
// when it does not answer in time, or holds another build's history, the history is replayed.

/** Messages between the emulator's worker and the cache. */
export type HistoryCacheMessage = { type: 'get' } | { type: 'keep'; text: string } | { type: 'kept'; text: string | null };

/** What either end needs of a MessagePort. */
export interface CachePort {
  postMessage(message: HistoryCacheMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/** How long the emulator waits for the cache before replaying: a live cache answers in a few milliseconds. */
const ANSWER_WITHIN_MS = 250;
/** After boot, so that writing the history (stringified during the build) does not delay a first visit's first answers. */
const KEEP_DELAY_MS = 500;

function isHistoryCacheMessage(value: unknown): value is HistoryCacheMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  switch (value.type) {
    case 'get':
      return true;
    case 'keep':
      return 'text' in value && typeof value.text === 'string';
    case 'kept':
      return 'text' in value && (typeof value.text === 'string' || value.text === null);
    default:
      return false;
  }
}

/** The cache's end (the shared worker): one kept text for all the origin's tabs, the newest kept. */
export function serveHistoryCache(port: CachePort, cell: { text: string | null }): void {
  port.addEventListener('message', (event) => {
    const message: unknown = event.data;
    if (!isHistoryCacheMessage(message)) return;
    if (message.type === 'get') port.postMessage({ type: 'kept', text: cell.text });
    else if (message.type === 'keep') cell.text = message.text;
  });
  port.start?.();
}

/** The emulator's end: the kept history as the cache holds it now (parsed; undefined when none, unreadable or not answered in time), and a way to keep a new one. */
export async function openScenarioHistoryCache(port: CachePort, answerWithinMs = ANSWER_WITHIN_MS): Promise<HistoryStorage> {
  const text = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => {
      resolve(null);
    }, answerWithinMs);
    port.addEventListener('message', (event) => {
      const message: unknown = event.data;
      if (!isHistoryCacheMessage(message) || message.type !== 'kept') return;
      clearTimeout(timer);
      resolve(message.text);
    });
    port.start?.();
    port.postMessage({ type: 'get' });
  });
  let kept: unknown;
  try {
    kept = text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // Damaged: replayed, and kept anew.
    kept = undefined;
  }
  return {
    kept,
    keep(next) {
      setTimeout(() => {
        port.postMessage({ type: 'keep', text: next });
      }, KEEP_DELAY_MS);
    },
  };
}
