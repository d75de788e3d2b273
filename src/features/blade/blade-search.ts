import type { VmTarget } from './use-fleet';

export type BladeTab = 'configured' | 'recommended' | 'notRecommended';
export const BLADE_TABS: readonly BladeTab[] = ['configured', 'recommended', 'notRecommended'];

/** The blade's view state; src/app keeps it in the URL (?tab=&sub=&rg=&q=). */
export interface BladeSearch {
  tab: BladeTab;
  /** Subscription id, or undefined for all. */
  sub?: string | undefined;
  /** Resource group name, or undefined for all. */
  rg?: string | undefined;
  /** Free text matched against VM names. */
  q?: string | undefined;
}

export function isBladeTab(value: string | null | undefined): value is BladeTab {
  return value === 'configured' || value === 'recommended' || value === 'notRecommended';
}

/** Subscription, resource group and name filters (case-insensitive, as the portal's). */
export function filterRows<T extends VmTarget>(rows: readonly T[], search: Omit<BladeSearch, 'tab'>): T[] {
  const sub = search.sub?.toLowerCase();
  const rg = search.rg?.toLowerCase();
  const q = search.q?.trim().toLowerCase() ?? '';
  return rows.filter(
    (row) =>
      (sub === undefined || row.subscriptionId.toLowerCase() === sub) &&
      (rg === undefined || row.resourceGroup.toLowerCase() === rg) &&
      (q === '' || row.name.toLowerCase().includes(q)),
  );
}
