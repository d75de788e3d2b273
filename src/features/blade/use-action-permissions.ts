import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { resourceGroupScope, subscriptionScope, usePermissionsAtScopes } from '../../api/list-permissions';
import { isActionAllowed, JIT_ACTIONS } from '../../domain/permissions';
import type { Permission } from '../../domain/arm-types';
import { continuesResourceGroup } from './resource-group-runs';
import type { VmTarget } from './use-fleet';

export type BladeAction = 'enable' | 'edit' | 'remove' | 'requestAccess';

export type PermissionVerdict =
  | { allowed: true }
  | { allowed: false; checking: true }
  | { allowed: false; checking: false; action: string; scope: string };

/** Which JIT actions an operation needs (Azure docs, "Permissions needed to configure and use JIT"). */
export function requiredActions(action: BladeAction, vm: VmTarget): string[] {
  switch (action) {
    case 'enable':
    case 'edit':
      return [JIT_ACTIONS.write];
    case 'remove':
      // Taking out the last VM deletes the policy.
      return vm.onlyVmInPolicy === true ? [JIT_ACTIONS.write, JIT_ACTIONS.delete] : [JIT_ACTIONS.write];
    case 'requestAccess':
      return [JIT_ACTIONS.initiate];
  }
}

// Asking per resource group is exact (role assignments may be made there) but costs a request per
// group; past this many groups the subscription's answer stands in until a row is selected.
const MAX_RESOURCE_GROUP_SCOPES = 60;
const NO_SCOPES: readonly string[] = [];

/**
 * Asks the permissions API at each subscription and at the resource groups that matter (the first
 * few, and those of the selected rows), then answers "may the user do X to this VM, and if not,
 * which action at which scope is missing".
 */
export function useActionPermissions(rows: readonly VmTarget[], focus: readonly VmTarget[]) {
  // Keyed by content: a keystroke filters the rows (new arrays) but rarely changes the scopes, and
  // new scopes or a new answer map would re-render every row menu of the Configured tab.
  const scopeKey = useMemo(() => {
    const set = new Set<string>();
    let lastSubscription = '';
    for (const row of rows) {
      // Rows come grouped by subscription: skip building the same scope string 10,000 times.
      if (row.subscriptionId === lastSubscription) continue;
      lastSubscription = row.subscriptionId;
      set.add(subscriptionScope(row.subscriptionId));
    }
    const groups = new Set<string>();
    for (const row of focus) groups.add(resourceGroupScope(row.subscriptionId, row.resourceGroup));
    // A large fleet has fewer groups than the cap, so this walks every row: a run of rows in one
    // group builds its scope string once, not once per row.
    let previous: VmTarget | undefined;
    for (const row of rows) {
      if (groups.size >= MAX_RESOURCE_GROUP_SCOPES) break;
      if (continuesResourceGroup(previous, row)) continue;
      previous = row;
      groups.add(resourceGroupScope(row.subscriptionId, row.resourceGroup));
    }
    return [...set, ...groups].sort().join('\n');
  }, [rows, focus]);
  // Deferred: the first rows paint before the permission requests start. The fleet's rows arrive
  // in a synchronous render (a query store update), whose effects React runs before the browser
  // paints; on the 10,000-VM fleet starting ~20 requests there held the first rows back ~25 ms.
  // Until the deferred render, the verdicts say "checking", as they do while the answers travel.
  const scopes = useDeferredValue(useMemo(() => (scopeKey === '' ? NO_SCOPES : scopeKey.split('\n')), [scopeKey]));

  const permissions = useStableMap(usePermissionsAtScopes(scopes));

  return useCallback(
    (action: BladeAction, vm: VmTarget): PermissionVerdict => {
      const groupScope = resourceGroupScope(vm.subscriptionId, vm.resourceGroup);
      const needed = requiredActions(action, vm);
      // Role assignments inherit downwards: what the subscription grants holds in each of its
      // groups, so a grant there decides at once without waiting for the group's own answer
      // (selecting 500 VMs must not leave the command disabled while groups are checked).
      const atSubscription: readonly Permission[] | undefined = permissions.get(subscriptionScope(vm.subscriptionId).toLowerCase());
      if (atSubscription !== undefined && needed.every((a) => isActionAllowed(atSubscription, a))) return { allowed: true };
      const atGroup: readonly Permission[] | undefined = permissions.get(groupScope.toLowerCase());
      const granted = atGroup ?? atSubscription;
      if (granted === undefined) return { allowed: false, checking: true };
      for (const action of needed) {
        if (!isActionAllowed(granted, action)) return { allowed: false, checking: false, action, scope: groupScope };
      }
      return { allowed: true };
    },
    [permissions],
  );
}

/** The previous map while the new one holds the same entries (usePermissionsAtScopes builds a new one whenever an answer arrives). */
function useStableMap<K, V>(fresh: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
  const [stable, setStable] = useState(fresh);
  const same = stable === fresh || sameEntries(stable, fresh);
  if (!same) setStable(fresh);
  return same ? stable : fresh;
}

function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (b.get(key) !== value || !b.has(key)) return false;
  }
  return true;
}
