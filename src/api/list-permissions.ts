import { useCallback } from 'react';
import { queryOptions, useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { Permission } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { permissionKeys } from './query-keys';
import { record, stringArray } from './wire/guards';

/** One Microsoft.Authorization/permissions entry; absent actions lists are empty. */
export function parsePermission(item: unknown): Permission {
  const value = record(item, 'permission');
  const permission: Permission = {
    actions: value.actions === undefined ? [] : stringArray(value.actions, 'permission.actions'),
    notActions: value.notActions === undefined ? [] : stringArray(value.notActions, 'permission.notActions'),
  };
  if (value.dataActions !== undefined) permission.dataActions = stringArray(value.dataActions, 'permission.dataActions');
  if (value.notDataActions !== undefined) permission.notDataActions = stringArray(value.notDataActions, 'permission.notDataActions');
  return permission;
}

/** The caller's effective permissions at a scope (Microsoft.Authorization/permissions). */
export function listPermissions(scope: string, signal?: AbortSignal): Promise<Permission[]> {
  return armListAll(`${scope}/providers/Microsoft.Authorization/permissions`, API_VERSIONS.permissions, parsePermission, {
    signal,
  });
}

export function listPermissionsQueryOptions(scope: string) {
  return queryOptions({
    queryKey: permissionKeys.atScope(scope),
    queryFn: ({ signal }) => listPermissions(scope, signal),
    // Role assignments rarely change during a session; a sign-in switch clears the cache.
    staleTime: 5 * 60_000,
  });
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupScope(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** Permissions at several scopes; scopes still loading map to undefined. */
export function usePermissionsAtScopes(scopes: readonly string[]): ReadonlyMap<string, readonly Permission[] | undefined> {
  // A stable combine: TanStack re-runs it (and callers get a new Map) only when an answer or the
  // scopes change, not on every render.
  const combine = useCallback(
    (results: UseQueryResult<Permission[]>[]) => new Map(scopes.map((scope, index) => [scope.toLowerCase(), results[index]?.data] as const)),
    [scopes],
  );
  return useQueries({ queries: scopes.map((scope) => listPermissionsQueryOptions(scope)), combine });
}
