import type { EmulatorRuntime } from './emulator';
import { applyJournalEntry, parseJournalEntry, type JournalEntry, type StoredChange } from './persistence-journal';
import type { EmulatorStore } from './store';

// Tabs of one browser share IndexedDB but each runs its own emulator in memory. Without this, tab
// B keeps the policy (and etag) it loaded, so its PUT with that stale If-Match passes and silently
// overwrites what tab A committed. Each tab publishes every change it has stored (after the store
// resolved, so nothing uncommitted travels); the others apply the same journal entry to their own
// memory — their etags advance and a stale PUT answers 412 — or, for a new base (a reset), rebuild
// from storage. A reload replays everything from storage anyway.
//
// Residual race: two tabs committing within the same few milliseconds, before either message
// arrives, both answer 200 (each etag matched in its own memory); storage keeps both in write
// order and a reload shows the later one. That window is one IndexedDB transaction, not a session.

export const CHANNEL_NAME = 'jit-emulator';

/** The part of BroadcastChannel used here (a fake in tests, or two real channels in one Node process). */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

interface SyncMessage {
  from: string;
  change: StoredChange;
}

function isSyncMessage(value: unknown): value is SyncMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { from, change } = value as { from?: unknown; change?: unknown };
  if (typeof from !== 'string' || typeof change !== 'object' || change === null) return false;
  const { kind, text } = change as { kind?: unknown; text?: unknown };
  return kind === 'base' || (kind === 'entry' && typeof text === 'string');
}

/**
 * Applies another tab's committed entry to this tab's memory without journaling it again (it is
 * in storage already). Idempotent: records are whole, events are keyed by id.
 */
export function applyRemoteEntry(store: EmulatorStore, entry: JournalEntry): void {
  store.changes.paused = true;
  try {
    applyJournalEntry(store, entry);
  } finally {
    store.changes.paused = false;
  }
}

export interface CrossTabSync {
  /** Tells the other tabs about a change this tab has stored. */
  publish(change: StoredChange): void;
  close(): void;
}

export function connectCrossTab(runtime: Pick<EmulatorRuntime, 'store' | 'reloadFromStorage'>, channel: ChannelLike, tabId: string): CrossTabSync {
  channel.onmessage = (event) => {
    const message: unknown = event.data;
    // Our own messages are ignored (a second channel of the same name in this tab would echo them).
    if (!isSyncMessage(message) || message.from === tabId) return;
    if (message.change.kind === 'base') {
      void runtime.reloadFromStorage();
      return;
    }
    const entry = parseJournalEntry(message.change.text);
    // An entry this build cannot read: storage is the truth, rebuild from it.
    if (!entry) void runtime.reloadFromStorage();
    else applyRemoteEntry(runtime.store, entry);
  };
  return {
    publish(change) {
      channel.postMessage({ from: tabId, change } satisfies SyncMessage);
    },
    close() {
      channel.onmessage = null;
      channel.close();
    },
  };
}
