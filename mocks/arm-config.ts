/** The ARM host the handlers answer on (the console's default API base URL). */
export const ARM_BASE_URL = 'https://management.azure.com';

/**
 * api-versions accepted per provider: the one the console codes against first, then other real
 * versions of the same API so an unmodified Azure client also works. JIT has exactly one.
 */
export const API_VERSIONS = {
  resources: ['2022-12-01', '2021-04-01', '2020-01-01'],
  compute: ['2024-07-01', '2024-03-01', '2023-09-01'],
  classicCompute: ['2017-04-01', '2016-04-01'],
  network: ['2024-05-01', '2024-03-01', '2023-11-01'],
  securityJit: ['2020-01-01'],
  securityPricings: ['2024-01-01', '2023-01-01', '2022-03-01'],
  authorization: ['2022-04-01', '2020-10-01', '2015-07-01'],
  policyAssignments: ['2023-04-01', '2022-06-01', '2021-06-01'],
  insights: ['2015-04-01'],
  resourceGraph: ['2021-03-01', '2022-10-01', '2024-04-01'],
} as const satisfies Record<string, readonly string[]>;

export type ArmProvider = keyof typeof API_VERSIONS;

/** Page sizes of list answers (tests shrink them to exercise nextLink). */
export interface PageSizes {
  resources: number;
  policies: number;
  events: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = { resources: 1000, policies: 100, events: 100 };

/** Largest request body accepted, as ARM limits bodies (413 beyond). */
export const MAX_BODY_BYTES = 1024 * 1024;
