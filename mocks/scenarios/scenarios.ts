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
 * Builds a scenario at `now`. A named scenario's store carries its origin (name, `now`, version),
 * which is all persistence needs to rebuild it; the changes the build itself made are not journaled.
 */
export function buildScenario(scenario: ScenarioName | ScenarioBuilderFn, now: Date): EmulatorStore {
  if (typeof scenario === 'function') return scenario(now).build();
  const store = BUILDERS[scenario](now).build();
  store.origin = { scenario, seededAt: now.toISOString(), scenarioVersion: SCENARIO_VERSION };
  store.changes.clear();
  return store;
}
