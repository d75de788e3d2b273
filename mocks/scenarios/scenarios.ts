import type { EmulatorStore } from '../store';
import { defaultFleet } from './default-scenario';
import type { FleetBuilder } from './fleet-builder';
import { hostileFleet } from './hostile-scenario';
import { largeFleet } from './large-scenario';
import type { ScenarioName } from './scenario-names';

/** A test's own scenario: returns the builder it configured from the given `now`. */
export type ScenarioBuilderFn = (now: Date) => FleetBuilder;

/**
 * Bump whenever a scenario builder (or anything it calls: the fleet builder, the JIT write path it
 * replays) would build a different store from the same `now`. Saved state names only the scenario,
 * its build time and this version, plus a journal of writes on top: a journal recorded against
 * another version would be replayed onto a different base, so such state is discarded with a notice.
 */
export const SCENARIO_VERSION = 2;

const BUILDERS: Record<ScenarioName, (now: Date) => FleetBuilder> = {
  default: defaultFleet,
  large: largeFleet,
  hostile: hostileFleet,
};

/**
 * A scenario's JIT history kept from an earlier build of the same origin (persistence-journal.ts):
 * the builders are deterministic, so the records and events the replay wrote then are what it
 * would write now.
 */
export interface ScenarioHistory {
  /** Writes the kept history onto a store of the scenario's resources; false when none is kept (then the history is replayed). */
  restore(store: EmulatorStore, scenario: ScenarioName, seededAt: Date): boolean;
  /** Called after a replay, while the store's recorded changes are exactly the history. */
  replayed(store: EmulatorStore, scenario: ScenarioName, seededAt: Date): void;
}

/**
 * Builds a scenario at `now`. A named scenario's store carries its origin (name, `now`, version),
 * which is all persistence needs to rebuild it; the changes the build itself made are not journaled.
 * With `history`, the JIT history is restored from it when it has the origin's, and handed to it
 * when replayed.
 */
export function buildScenario(scenario: ScenarioName | ScenarioBuilderFn, now: Date, history?: ScenarioHistory): EmulatorStore {
  if (typeof scenario === 'function') return scenario(now).build();
  const builder = BUILDERS[scenario](now);
  const store = builder.buildResources();
  store.changes.clear();
  let restored: boolean;
  try {
    restored = history?.restore(store, scenario, now) === true;
  } catch {
    // A kept history that fails part-way has written some of itself: build again without it.
    return buildScenario(scenario, now);
  }
  if (!restored) {
    builder.replayHistory(store);
    history?.replayed(store, scenario, now);
  }
  store.origin = { scenario, seededAt: now.toISOString(), scenarioVersion: SCENARIO_VERSION };
  store.changes.clear();
  return store;
}
