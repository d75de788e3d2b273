import type { VmTarget } from './use-fleet';

/**
 * Whether `row` is in the resource group of the row before it. The fleet's rows come ordered by id,
 * so a resource group's rows come in one run: a loop over 10,000 rows that needs something per
 * resource group (a scope string, a lower-cased name) does it once per run by skipping these.
 */
export function continuesResourceGroup(previous: VmTarget | undefined, row: VmTarget): boolean {
  return previous?.resourceGroup === row.resourceGroup && previous.subscriptionId === row.subscriptionId;
}
