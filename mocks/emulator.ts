import { DEFAULT_PAGE_SIZES, type PageSizes } from './arm-config';
import { ArmError } from './arm-error';
import { FaultInjector } from './faults';
import { StoreDivergedError } from './persistence-journal';
import type { EmulatorStore } from './store';

/** Where the store is saved after each successful write (IndexedDB in the browser; nothing in Node). */
export type PersistFn = (store: EmulatorStore) => Promise<void>;

function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

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
  /** Rebuilds the store from what storage holds (after a failed save, or another tab's reset). */
  reloadSaved: (() => Promise<EmulatorStore>) | undefined;
  private reloading: Promise<boolean> | undefined;

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

  /** Replaces the store by what storage holds; resolves whether it could (concurrent callers share one reload). */
  reloadFromStorage(): Promise<boolean> {
    const reload = this.reloadSaved;
    if (!reload) return Promise.resolve(false);
    this.reloading ??= reload()
      .then((store) => {
        this.store = store;
        return true;
      })
      .catch(() => false)
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /**
   * Saves after a committed write; awaited before the response so a reload never loses it.
   *
   * When the save fails (storage full, IndexedDB unavailable) the write is NOT reported as
   * committed: a reload would lose it, and a 200 for it would be a lie the user acts on (opening a
   * port they think is recorded). The store is replaced by what storage holds — exactly what a
   * reload would show, so this tab and a reload agree — and the request answers 503 with the code
   * StorageFull (or StorageUnavailable) and a message saying the change was undone. Every write
   * queued behind the failed one fails the same way (its changes sat on top of the lost one). If
   * storage cannot even be read back, the tab keeps its memory and the notice says changes will be
   * lost on reload.
   */
  async commit(): Promise<void> {
    if (!this.persist) return;
    const store = this.store;
    try {
      await this.persist(store);
    } catch (error) {
      const cause = error instanceof StoreDivergedError ? error.reason : error;
      const full = isQuotaError(cause);
      const undone = this.store !== store || (await this.reloadFromStorage());
      const what = full ? `the browser's storage for the demo data is full (${describe(cause)})` : `the demo data could not be stored in this browser (${describe(cause)})`;
      this.notice = undone
        ? `A change was not saved because ${what}; the demo data is as it was before that change. Free some browser storage or reset the demo, then try again.`
        : `Demo data could not be saved because ${what}; changes made in this tab will be lost on reload.`;
      throw new ArmError(
        503,
        full ? 'StorageFull' : 'StorageUnavailable',
        `The change was not saved: ${what}. ${undone ? 'Nothing was changed (the demo data is as a reload would show it); free some browser storage or reset the demo, then try again.' : 'It is kept in this tab only and will be lost on reload.'}`,
      );
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
