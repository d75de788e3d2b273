// The scenario names alone, without their builders: the page side of the browser emulator
// (mocks/browser.ts) reads `?scenario=` with this and must not load the fleet builders, which
// only the emulator's worker runs.

export type ScenarioName = 'default' | 'large' | 'hostile';

export const SCENARIO_NAMES = ['default', 'large', 'hostile'] as const satisfies readonly ScenarioName[];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIO_NAMES as readonly string[]).includes(value);
}
