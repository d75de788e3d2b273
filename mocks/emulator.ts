import { DEFAULT_PAGE_SIZES, type PageSizes } from './arm-config';
import { FaultInjector } from './faults';
import type { EmulatorStore } from './store';

/** Where the store is saved after each successful write (IndexedDB in the browser; nothing in Node). */
export type PersistFn = (store: EmulatorStore) => Promise<void>;

/**
 * The one running emulator: state, clock, faults, persistence. Handlers read it through
 * `emulator()`; entry points (node.ts, browser.ts) set it up.
 */
export class EmulatorRuntime {
  store: EmulatorStore;
  /** A notice the UI can show (e.g. stored state was unreadable and the seed was loaded). */
  notice: string | undefined;
  clock: () => Date = () => new Date();
  readonly faults = new FaultInjector();
  pageSizes: PageSizes = { ...DEFAULT_PAGE_SIZES };
  persist: PersistFn | undefined;

  constructor(store: EmulatorStore) {
    this.store = store;
  }

  now(): Date {
    return this.clock();
  }

  replace(store: EmulatorStore, notice?: string): void {
    this.store = store;
    this.notice = notice;
  }

  /** Saves after a committed write; awaited before the response so a reload never loses it. */
  async commit(): Promise<void> {
    if (!this.persist) return;
    try {
      await this.persist(this.store);
    } catch (error) {
      // Storage full or unavailable: the write stands in memory; the UI learns it will not survive a reload.
      this.notice = `Demo data could not be saved in this browser (${error instanceof Error ? error.message : String(error)}); changes will be lost on reload.`;
    }
  }
}

let current: EmulatorRuntime | undefined;

export function installEmulator(runtime: EmulatorRuntime): EmulatorRuntime {
  current = runtime;
  return runtime;
}

export function emulator(): EmulatorRuntime {
  if (!current) throw new Error('The Azure emulator is not started (call resetEmulator or startBrowserEmulator first).');
  return current;
}
