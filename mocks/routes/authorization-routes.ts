import type { RequestHandler } from 'msw';
import { json, pageOf, armRoute, type ArmContext } from '../arm';
import { resourceNotFound } from '../arm-error';
import { permissionsAt, roleDefinitionAtScope, scopeCovers } from '../identity';

const AUTH = '/providers/Microsoft.Authorization';

function scopeOf(params: Record<string, string>): string {
  const { subscriptionId = '', resourceGroupName, namespace, resourceType, resourceName } = params;
  let scope = `/subscriptions/${subscriptionId}`;
  if (resourceGroupName !== undefined) scope += `/resourceGroups/${resourceGroupName}`;
  if (namespace !== undefined && resourceType !== undefined && resourceName !== undefined) scope += `/providers/${namespace}/${resourceType}/${resourceName}`;
  return scope;
}

/** Microsoft.Authorization/permissions: the caller's own effective actions at a scope (every caller may ask). */
function permissions(context: ArmContext): Response {
  return json({ value: permissionsAt(context.store, context.user, scopeOf(context.params)) });
}

/** `$filter` of role assignments: atScope(), assignedTo('{objectId}'), principalId eq '{objectId}'. */
function principalFilter(filter: string | null): string | undefined {
  if (filter === null) return undefined;
  const match = /(?:assignedTo\('([^']+)'\)|principalId\s+eq\s+'([^']+)')/i.exec(filter);
  return (match?.[1] ?? match?.[2])?.toLowerCase();
}

function roleAssignments(context: ArmContext): Response {
  const scope = scopeOf(context.params);
  const principal = principalFilter(context.url.searchParams.get('$filter'));
  const assignments = context.store.roleAssignments
    .inSubscription(context.params.subscriptionId ?? '')
    // ARM lists the assignments that apply at the scope (at it or above) and those below it.
    .filter((assignment) => scopeCovers(assignment.properties.scope, scope) || scopeCovers(scope, assignment.properties.scope))
    .filter((assignment) => principal === undefined || assignment.properties.principalId.toLowerCase() === principal);
  return json(pageOf(context, assignments, context.runtime.pageSizes.resources));
}

function policyAssignments(context: ArmContext): Response {
  const scope = scopeOf(context.params);
  const assignments = context.store.policyAssignments
    .inSubscription(context.params.subscriptionId ?? '')
    .filter((assignment) => scopeCovers(assignment.properties.scope, scope) || scopeCovers(scope, assignment.properties.scope));
  return json(pageOf(context, assignments, context.runtime.pageSizes.resources));
}

export function authorizationRoutes(baseUrl: string): RequestHandler[] {
  const authorization = { provider: 'authorization' } as const;
  const policy = { provider: 'policyAssignments', action: 'Microsoft.Authorization/policyAssignments/read', scope: scopeOf } as const;
  const assignmentsRead = { ...authorization, action: 'Microsoft.Authorization/roleAssignments/read', scope: scopeOf };
  const definitionsRead = { ...authorization, action: 'Microsoft.Authorization/roleDefinitions/read', scope: scopeOf };
  const subscription = '/subscriptions/:subscriptionId';
  const resourceGroup = '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName';
  const resource = `${resourceGroup}/providers/:namespace/:resourceType/:resourceName`;
  return [
    armRoute(baseUrl, 'get', `${subscription}${AUTH}/permissions`, authorization, permissions),
    armRoute(baseUrl, 'get', `${resourceGroup}${AUTH}/permissions`, authorization, permissions),
    armRoute(baseUrl, 'get', `${resource}${AUTH}/permissions`, authorization, permissions),

    armRoute(baseUrl, 'get', `${subscription}${AUTH}/roleDefinitions`, definitionsRead, (context) => {
      const subscriptionId = context.params.subscriptionId ?? '';
      const nameFilter = /roleName\s+eq\s+'([^']+)'/i.exec(context.url.searchParams.get('$filter') ?? '')?.[1]?.toLowerCase();
      const definitions = context.store.roleDefinitions
        .filter((definition) => nameFilter === undefined || definition.properties.roleName.toLowerCase() === nameFilter)
        .map((definition) => roleDefinitionAtScope(definition, subscriptionId));
      return json({ value: definitions });
    }),
    armRoute(baseUrl, 'get', `${subscription}${AUTH}/roleDefinitions/:roleDefinitionId`, definitionsRead, (context) => {
      const { subscriptionId = '', roleDefinitionId = '' } = context.params;
      const definition = context.store.roleDefinitions.find((candidate) => candidate.name.toLowerCase() === roleDefinitionId.toLowerCase());
      if (!definition) throw resourceNotFound('Microsoft.Authorization/roleDefinitions', roleDefinitionId);
      return json(roleDefinitionAtScope(definition, subscriptionId));
    }),
    armRoute(baseUrl, 'get', `${subscription}${AUTH}/roleAssignments`, assignmentsRead, roleAssignments),
    armRoute(baseUrl, 'get', `${resourceGroup}${AUTH}/roleAssignments`, assignmentsRead, roleAssignments),

    armRoute(baseUrl, 'get', `${subscription}${AUTH}/policyAssignments`, policy, policyAssignments),
    armRoute(baseUrl, 'get', `${resourceGroup}${AUTH}/policyAssignments`, policy, policyAssignments),
  ];
}

