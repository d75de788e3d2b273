import { resourceGroupScope, usePermissionsAtScopes } from './list-permissions';
import { isActionAllowed } from '../domain/permissions';

export type PermissionGate = { state: 'allowed' } | { state: 'checking' } | { state: 'missing'; action: string; scope: string };

/** Whether the signed-in user holds `actions` at the resource group of every VM (the permissions API). */
export function usePermissionGate(vms: readonly { subscriptionId: string; resourceGroup: string }[], actions: readonly string[]): PermissionGate {
  const scopes = [...new Set(vms.map((vm) => resourceGroupScope(vm.subscriptionId, vm.resourceGroup)))].sort();
  const permissions = usePermissionsAtScopes(scopes);
  for (const scope of scopes) {
    const granted = permissions.get(scope.toLowerCase());
    if (granted === undefined) return { state: 'checking' };
    for (const action of actions) if (!isActionAllowed(granted, action)) return { state: 'missing', action, scope };
  }
  return { state: 'allowed' };
}
