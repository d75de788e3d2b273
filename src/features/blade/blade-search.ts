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

interface LowerKeys {
  sub: string[];
  rg: string[];
  name: string[];
}

// The lower-cased fields of each list, computed once per list (the fleet's rows change only when
// its data does), not once per row on every keystroke: 10,000 rows × 3 fields was a large share
// of a keystroke's work.
const lowerKeysByList = new WeakMap<readonly VmTarget[], LowerKeys>();

function lowerKeys(rows: readonly VmTarget[]): LowerKeys {
  let keys = lowerKeysByList.get(rows);
  if (keys === undefined) {
    keys = { sub: [], rg: [], name: [] };
    for (const row of rows) {
      keys.sub.push(row.subscriptionId.toLowerCase());
      keys.rg.push(row.resourceGroup.toLowerCase());
      keys.name.push(row.name.toLowerCase());
    }
    lowerKeysByList.set(rows, keys);
  }
  return keys;
}

/** Computes a list's search keys ahead of the first keystroke (the blade calls it when idle after loading). */
export function warmSearchKeys(rows: readonly VmTarget[]): void {
  lowerKeys(rows);
}

/** Subscription, resource group and name filters (case-insensitive, as the portal's). */
export function filterRows<T extends VmTarget>(rows: readonly T[], search: Omit<BladeSearch, 'tab'>): T[] {
  const sub = search.sub?.toLowerCase();
  const rg = search.rg?.toLowerCase();
  const q = search.q?.trim().toLowerCase() ?? '';
  if (sub === undefined && rg === undefined && q === '') return [...rows];
  const keys = lowerKeys(rows);
  const result: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (sub !== undefined && keys.sub[i] !== sub) continue;
    if (rg !== undefined && keys.rg[i] !== rg) continue;
    if (q !== '' && !(keys.name[i] ?? '').includes(q)) continue;
    const row = rows[i];
    if (row !== undefined) result.push(row);
  }
  return result;
}
