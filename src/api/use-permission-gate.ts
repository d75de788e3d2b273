import { useMemo } from 'react';
import { resourceGroupScope, usePermissionsAtScopes } from './list-permissions';
import { isActionAllowed } from '../domain/permissions';

export type PermissionGate = { state: 'allowed' } | { state: 'checking' } | { state: 'missing'; action: string; scope: string };

/** Whether the signed-in user holds `actions` at the resource group of every VM (the permissions API). */
export function usePermissionGate(vms: readonly { subscriptionId: string; resourceGroup: string }[], actions: readonly string[]): PermissionGate {
  // Keyed by content, so the permission answers are combined again only when the scopes change.
  const scopeKey = [...new Set(vms.map((vm) => resourceGroupScope(vm.subscriptionId, vm.resourceGroup)))].sort().join('\n');
  const scopes = useMemo(() => (scopeKey === '' ? [] : scopeKey.split('\n')), [scopeKey]);
  const permissions = usePermissionsAtScopes(scopes);
  for (const scope of scopes) {
    const granted = permissions.get(scope.toLowerCase());
    if (granted === undefined) return { state: 'checking' };
    for (const action of actions) if (!isActionAllowed(granted, action)) return { state: 'missing', action, scope };
  }
  return { state: 'allowed' };
}
