import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeStore } from './persistence';
import { keptScenarioHistory, loadOrSeedFromSaved, scenarioBaseOf, type HistoryStorage } from './persistence-journal';
import { SCENARIO_NAMES } from './scenarios/scenario-names';
import { openScenarioHistoryCache, serveHistoryCache } from './scenario-history-cache';
import { buildScenario, type ScenarioHistory } from './scenarios/scenarios';

// A scenario's JIT history, kept from one build and written onto the rebuilt resources of the next
// (instead of replaying the JIT write path), must give exactly the store a replay gives; a history
// kept for another origin, or damaged, must be ignored, never half-applied.

const NOW = new Date('2024-05-01T09:00:00.000Z');

/** The cache's role, in memory: the text read at boot, and what a build asked to keep. */
function memoryHistory(text?: string): HistoryStorage & { keptTexts: string[] } {
  const keptTexts: string[] = [];
  let kept: unknown;
  try {
    kept = text === undefined ? undefined : JSON.parse(text);
  } catch {
    // As the cache's reader does: unreadable text is no kept history.
    kept = undefined;
  }
  return { kept, keptTexts, keep: (next) => keptTexts.push(next) };
}

describe('kept scenario history', () => {
  it.each(SCENARIO_NAMES)('%s: a build from the kept history equals a replayed build, record for record', (name) => {
    const first = memoryHistory();
    const replayed = buildScenario(name, NOW, keptScenarioHistory(first));
    expect(first.keptTexts).toHaveLength(1);

    const second = memoryHistory(first.keptTexts[0]);
    const restored = buildScenario(name, NOW, keptScenarioHistory(second));
    // Nothing replayed, so nothing new to keep.
    expect(second.keptTexts).toHaveLength(0);
    const plain = serializeStore(buildScenario(name, NOW));
    expect(serializeStore(replayed)).toBe(plain);
    expect(serializeStore(restored)).toBe(plain);
    expect(restored.origin).toEqual(replayed.origin);
    expect(restored.sequence).toBe(replayed.sequence);
    expect(restored.changes.isEmpty).toBe(true);
  });

  it('the kept records are what a rebuild writes (not a replay that happens to agree)', () => {
    const first = memoryHistory();
    buildScenario('default', NOW, keptScenarioHistory(first));
    const text = first.keptTexts[0] ?? '';
    const kept = JSON.parse(text) as { key: string; history: { events: { description?: string }[] } };
    expect(kept.history.events.length).toBeGreaterThan(0);
    const event = kept.history.events[0];
    if (event) event.description = 'kept, not replayed';
    const restored = buildScenario('default', NOW, keptScenarioHistory(memoryHistory(JSON.stringify(kept))));
    expect(restored.events.all().some((e) => e.description === 'kept, not replayed')).toBe(true);
  });

  it('a history kept for another build time, or another scenario, is replayed over and kept anew', () => {
    const first = memoryHistory();
    buildScenario('default', NOW, keptScenarioHistory(first));
    const later = new Date(NOW.getTime() + 60_000);
    for (const [name, at] of [['default', later], ['hostile', NOW]] as const) {
      const other = memoryHistory(first.keptTexts[0]);
      const store = buildScenario(name, at, keptScenarioHistory(other));
      expect(serializeStore(store)).toBe(serializeStore(buildScenario(name, at)));
      expect(other.keptTexts).toHaveLength(1);
      expect(other.keptTexts[0]).not.toBe(first.keptTexts[0]);
    }
  });

  it.each([
    ['not JSON', '{"key": '],
    ['no key', '{"history": {}}'],
    ['a history of another schema', JSON.stringify({ key: 'x', history: { schemaVersion: -1 } })],
  ])('a damaged kept history (%s) is replayed over', (_label, text) => {
    const damaged = memoryHistory(text);
    const store = buildScenario('default', NOW, keptScenarioHistory(damaged));
    expect(serializeStore(store)).toBe(serializeStore(buildScenario('default', NOW)));
    expect(damaged.keptTexts).toHaveLength(1);
  });

  it('a kept history with the right key but a damaged entry is replayed over', () => {
    const first = memoryHistory();
    buildScenario('default', NOW, keptScenarioHistory(first));
    const kept = JSON.parse(first.keptTexts[0] ?? '') as { key: string; history: { operations: unknown[] } };
    kept.history.operations.push({ kind: 'noSuchTable', id: 'x' });
    const store = buildScenario('default', NOW, keptScenarioHistory(memoryHistory(JSON.stringify(kept))));
    expect(serializeStore(store)).toBe(serializeStore(buildScenario('default', NOW)));
  });

  it('a history that fails part-way through restoring leaves nothing of itself: the scenario is built again', () => {
    const failing: ScenarioHistory = {
      restore(store) {
        store.events.append({ ...(buildScenario('default', NOW).events.all()[0] ?? ({} as never)), eventDataId: 'half-written' });
        throw new Error('disk read failed');
      },
      replayed: () => undefined,
    };
    const store = buildScenario('default', NOW, failing);
    expect(store.events.has('half-written')).toBe(false);
    expect(serializeStore(store)).toBe(serializeStore(buildScenario('default', NOW)));
  });

  it('a reload (saved origin, no journal) uses the kept history and gives the saved state', () => {
    const first = memoryHistory();
    const seeded = loadOrSeedFromSaved(undefined, 'large', NOW, keptScenarioHistory(first));
    expect(seeded.seeded).toBe(true);
    expect(first.keptTexts).toHaveLength(1);
    const base = JSON.stringify(scenarioBaseOf(seeded.store));
    const second = memoryHistory(first.keptTexts[0]);
    const reloaded = loadOrSeedFromSaved({ base, journal: [] }, undefined, new Date(), keptScenarioHistory(second));
    expect(reloaded.seeded).toBe(false);
    expect(second.keptTexts).toHaveLength(0);
    expect(serializeStore(reloaded.store)).toBe(serializeStore(seeded.store));
  });
});

describe('the cache that keeps the history across reloads (a shared worker in the browser)', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    vi.useRealTimers();
    for (const channel of channels.splice(0)) {
      channel.port1.close();
      channel.port2.close();
    }
  });
  /** A new connection to the cache holding `cell`, as a page's emulator opens one. */
  const connect = (cell: { text: string | null }) => {
    const channel = new MessageChannel();
    channels.push(channel);
    serveHistoryCache(channel.port2, cell);
    return channel.port1;
  };

  it('answers nothing kept at first; what one load keeps, the next load reads back parsed', async () => {
    const cell = { text: null };
    const first = await openScenarioHistoryCache(connect(cell));
    expect(first.kept).toBeUndefined();
    const built = memoryHistory();
    buildScenario('default', NOW, keptScenarioHistory(built));
    vi.useFakeTimers();
    first.keep(built.keptTexts[0] ?? '');
    // Kept after boot, not while the first answers are due.
    await vi.advanceTimersByTimeAsync(499);
    expect(cell.text).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await expect.poll(() => cell.text).toBe(built.keptTexts[0]);

    const second = await openScenarioHistoryCache(connect(cell));
    expect(second.kept).toEqual(JSON.parse(built.keptTexts[0] ?? ''));
    // And the next build restores from it rather than replaying.
    const restored = buildScenario('default', NOW, keptScenarioHistory({ kept: second.kept, keep: () => undefined }));
    expect(serializeStore(restored)).toBe(serializeStore(buildScenario('default', NOW)));
  });

  it('a cache that does not answer in time, or holds unreadable text, gives no kept history', async () => {
    const silent = new MessageChannel();
    channels.push(silent);
    const unanswered = await openScenarioHistoryCache(silent.port1, 20);
    expect(unanswered.kept).toBeUndefined();
    const damaged = await openScenarioHistoryCache(connect({ text: '{"key": ' }));
    expect(damaged.kept).toBeUndefined();
  });

  it('ignores messages that are not its own', async () => {
    const cell = { text: 'kept' as string | null };
    const port = connect(cell);
    port.postMessage({ type: 'keep', text: 42 });
    port.postMessage('keep');
    port.postMessage({ type: 'kept', text: 'not a command' });
    const storage = await openScenarioHistoryCache(port);
    expect(cell.text).toBe('kept');
    // "kept" is not JSON: no kept history, but the cell was not overwritten by the stray messages.
    expect(storage.kept).toBeUndefined();
  });
});
