import { createPrng, type Prng } from './prng';

/** Fault injection for resilience tests: off by default, seeded so a run repeats exactly. */
export interface FaultConfig {
  /** Added delay before every ARM answer, in ms. */
  latencyMs: number;
  /** Probability in [0, 1] that an ARM call fails with `failureStatus` instead of being served. */
  failureRate: number;
  failureStatus: 500 | 503 | 429;
  /** Seconds in the Retry-After header of 429 and 503 answers. */
  retryAfterSeconds: number;
  /** Probability in [0, 1] that the connection drops (a network error, no response). */
  dropRate: number;
  /** Only these methods are affected (empty = all). */
  methods: string[];
  /** Only URLs whose path contains this text are affected ("" = all). */
  pathContains: string;
  seed: number;
}

export const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  failureRate: 0,
  failureStatus: 500,
  retryAfterSeconds: 1,
  dropRate: 0,
  methods: [],
  pathContains: '',
  seed: 1,
};

export type FaultDecision = { kind: 'none' } | { kind: 'drop' } | { kind: 'fail'; status: 500 | 503 | 429; retryAfterSeconds: number };

export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private prng: Prng = createPrng(NO_FAULTS.seed);

  get current(): FaultConfig {
    return this.config;
  }

  configure(partial: Partial<FaultConfig>): FaultConfig {
    this.config = { ...NO_FAULTS, ...partial };
    this.prng = createPrng(this.config.seed);
    return this.config;
  }

  applies(method: string, path: string): boolean {
    const { methods, pathContains } = this.config;
    return (methods.length === 0 || methods.includes(method.toUpperCase())) && path.includes(pathContains);
  }

  decide(method: string, path: string): FaultDecision {
    if (!this.applies(method, path)) return { kind: 'none' };
    const { dropRate, failureRate, failureStatus, retryAfterSeconds } = this.config;
    if (dropRate > 0 && this.prng.next() < dropRate) return { kind: 'drop' };
    if (failureRate > 0 && this.prng.next() < failureRate) return { kind: 'fail', status: failureStatus, retryAfterSeconds };
    return { kind: 'none' };
  }
}
