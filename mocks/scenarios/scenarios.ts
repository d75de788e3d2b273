import type { EmulatorStore } from '../store';
import { defaultFleet } from './default-scenario';
import type { FleetBuilder } from './fleet-builder';
import { largeFleet } from './large-scenario';

export type ScenarioName = 'default' | 'large';
/** A test's own scenario: returns the builder it configured from the given `now`. */
export type ScenarioBuilderFn = (now: Date) => FleetBuilder;

export const SCENARIO_NAMES: readonly ScenarioName[] = ['default', 'large'];

export function isScenarioName(value: unknown): value is ScenarioName {
  return value === 'default' || value === 'large';
}

export function buildScenario(scenario: ScenarioName | ScenarioBuilderFn, now: Date): EmulatorStore {
  if (typeof scenario === 'function') return scenario(now).build();
  return (scenario === 'large' ? largeFleet(now) : defaultFleet(now)).build();
}
