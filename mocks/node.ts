import { setupServer } from 'msw/node';
import { EmulatorRuntime, emulator, installEmulator } from './emulator';
import type { FaultConfig } from './faults';
import { handlers } from './handlers';
import type { ScenarioName } from './scenarios/scenario-names';
import { buildScenario, type ScenarioBuilderFn } from './scenarios/scenarios';
import type { EmulatorStore } from './store';
import type { PageSizes } from './arm-config';

// The emulator in Node (Vitest): in-memory state, a settable clock, named scenarios.

export const server = setupServer(...handlers);

const DEFAULT_TEST_NOW = new Date('2024-05-01T09:00:00.000Z');
let clockNow: Date = DEFAULT_TEST_NOW;

/** Sets the emulator's clock (the scenario is built relative to it on the next reset). */
export function setEmulatorClock(now: Date | (() => Date)): void {
  const runtime = currentOrUndefined();
  if (typeof now === 'function') {
    clockNow = now();
    if (runtime) runtime.clock = now;
  } else {
    clockNow = now;
    if (runtime) runtime.clock = () => clockNow;
  }
}

/** Moves the clock forward by `ms`. */
export function advanceEmulatorClock(ms: number): Date {
  const runtime = emulator();
  const next = new Date(runtime.now().getTime() + ms);
  clockNow = next;
  runtime.clock = () => clockNow;
  return next;
}

function currentOrUndefined(): EmulatorRuntime | undefined {
  try {
    return emulator();
  } catch {
    return undefined;
  }
}

/** Resets to a fresh scenario at the current test clock (default 2024-05-01T09:00Z); faults off; default page sizes. */
export function resetEmulator(scenario: ScenarioName | ScenarioBuilderFn = 'default', options: { now?: Date; pageSizes?: Partial<PageSizes> } = {}): EmulatorRuntime {
  if (options.now) clockNow = options.now;
  const runtime = new EmulatorRuntime(buildScenario(scenario, clockNow));
  runtime.clock = () => clockNow;
  runtime.pageSizes = { ...runtime.pageSizes, ...options.pageSizes };
  return installEmulator(runtime);
}

/** The live store, for assertions. */
export function emulatorStore(): EmulatorStore {
  return emulator().store;
}

export function setEmulatorFaults(faults: Partial<FaultConfig>): void {
  emulator().faults.configure(faults);
}

export { makeUnsignedToken } from './identity';
export { ARM_BASE_URL } from './arm-config';
