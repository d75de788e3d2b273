import type { Permission, RoleAssignment, RoleDefinition } from '../src/domain/arm-types';
import { isActionAllowed } from '../src/domain/permissions';
import type { DirectoryUser, EmulatorStore } from './store';

// The emulator's directory and Azure RBAC: who the caller is (unsigned JWT) and what they may do.

export const ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  securityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  /** Custom role of this tenant (fixed GUID so stored assignments stay valid). */
  jitRequester: 'b7c1d7a0-4c52-4a8f-9d7e-3f0f2a6e5a11',
} as const;

/** Actions of the custom "JIT Requester" role: the Azure docs' list for requesting access, plus the reads the console needs to show the VMs and their state. */
export const JIT_REQUESTER_ACTIONS = [
  // "To request JIT access to a VM" (Microsoft Defender for Cloud docs):
  'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
  'Microsoft.Security/locations/jitNetworkAccessPolicies/*/read',
  'Microsoft.Security/locations/jitNetworkAccessPolicies/read',
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Network/networkInterfaces/*/read',
  'Microsoft.Network/publicIPAddresses/read',
  // What the console reads around that:
  'Microsoft.Resources/subscriptions/read',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Network/networkInterfaces/read',
  'Microsoft.Network/networkSecurityGroups/read',
  'Microsoft.Network/virtualNetworks/read',
  'Microsoft.Network/azureFirewalls/read',
  'Microsoft.ClassicCompute/virtualMachines/read',
  'Microsoft.Security/pricings/read',
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/eventtypes/*',
];

const TENANT_ROLE_PREFIX = '/providers/Microsoft.Authorization/roleDefinitions/';

function role(guid: string, roleName: string, type: 'BuiltInRole' | 'CustomRole', description: string, actions: string[], assignableScopes = ['/']): RoleDefinition {
  return {
    id: `${TENANT_ROLE_PREFIX}${guid}`,
    name: guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: { roleName, type, description, assignableScopes, permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }] },
  };
}

export function defaultRoleDefinitions(subscriptionIds: readonly string[]): RoleDefinition[] {
  return [
    role(ROLE_IDS.owner, 'Owner', 'BuiltInRole', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', ['*']),
    role(ROLE_IDS.reader, 'Reader', 'BuiltInRole', 'View all resources, but does not allow you to make any changes.', ['*/read']),
    // Built-in Security Reader as Azure defines it (no Compute/Network reads: those come from Reader).
    role(ROLE_IDS.securityReader, 'Security Reader', 'BuiltInRole', 'Security Reader Role', [
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/read',
      'Microsoft.operationalInsights/workspaces/*/read',
      'Microsoft.Resources/deployments/*/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Security/*/read',
      'Microsoft.IoTSecurity/*/read',
      'Microsoft.Support/*/read',
      'Microsoft.Management/managementGroups/read',
    ]),
    role(
      ROLE_IDS.jitRequester,
      'JIT Requester',
      'CustomRole',
      'Request just-in-time access to virtual machines (least privilege, per the Defender for Cloud docs).',
      JIT_REQUESTER_ACTIONS,
      subscriptionIds.map((id) => `/subscriptions/${id}`),
    ),
  ];
}

export const DEFAULT_USERS: DirectoryUser[] = [
  { upn: 'admin@contoso.com', name: 'Alex Admin', objectId: '1f0d1e2c-3b4a-4c5d-8e6f-7a8b9c0d1e2f', egressIp: '203.0.113.10', roleName: 'Owner' },
  { upn: 'requester@contoso.com', name: 'Riley Requester', objectId: '2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', egressIp: '198.51.100.20', roleName: 'JIT Requester' },
  { upn: 'reader@contoso.com', name: 'Robin Reader', objectId: '3b2c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', egressIp: '192.0.2.30', roleName: 'Security Reader' },
];

/** Role assignments for the default users at each subscription scope. */
export function defaultRoleAssignments(subscriptionIds: readonly string[], nextGuid: () => string): RoleAssignment[] {
  const grants: [string, string][] = [
    ['admin@contoso.com', ROLE_IDS.owner],
    ['requester@contoso.com', ROLE_IDS.jitRequester],
    ['reader@contoso.com', ROLE_IDS.securityReader],
    // Security Reader alone cannot list VMs or networks; a security reader in practice also holds Reader.
    ['reader@contoso.com', ROLE_IDS.reader],
  ];
  return subscriptionIds.flatMap((subscriptionId) =>
    grants.map(([upn, roleGuid]) => {
      const user = DEFAULT_USERS.find((candidate) => candidate.upn === upn);
      const name = nextGuid();
      const scope = `/subscriptions/${subscriptionId}`;
      return {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        type: 'Microsoft.Authorization/roleAssignments' as const,
        properties: {
          roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
          principalId: user?.objectId ?? '',
          principalType: 'User' as const,
          scope,
        },
      };
    }),
  );
}

/** A role definition as ARM answers it at a subscription scope. */
export function roleDefinitionAtScope(definition: RoleDefinition, subscriptionId: string): RoleDefinition {
  return { ...definition, id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${definition.name}` };
}

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** An unsigned JWT ("alg": "none") naming a user, as the console's emulator sign-in sends it. */
export function makeUnsignedToken(user: { upn: string; name: string }): string {
  const header = base64UrlEncode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64UrlEncode(JSON.stringify({ upn: user.upn, name: user.name, aud: 'https://management.azure.com/' }));
  return `${header}.${payload}.`;
}

export type TokenClaims = { upn: string; name?: string };

/** Reads the `upn` claim of a bearer token; undefined when the header is absent, not a bearer token, or unreadable. */
export function readBearerClaims(authorization: string | null): { kind: 'missing' } | { kind: 'invalid' } | { kind: 'ok'; claims: TokenClaims } {
  if (authorization === null || authorization.trim() === '') return { kind: 'missing' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1]) return { kind: 'invalid' };
  const [, payload] = match[1].split('.');
  if (payload === undefined) return { kind: 'invalid' };
  try {
    const parsed: unknown = JSON.parse(base64UrlDecode(payload));
    if (typeof parsed !== 'object' || parsed === null) return { kind: 'invalid' };
    const upn: unknown = 'upn' in parsed ? parsed.upn : undefined;
    const name: unknown = 'name' in parsed ? parsed.name : undefined;
    if (typeof upn !== 'string') return { kind: 'invalid' };
    return { kind: 'ok', claims: typeof name === 'string' ? { upn, name } : { upn } };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Whether `scope` is `assignmentScope` or lies below it (ARM scopes nest by path, case-insensitively). */
export function scopeCovers(assignmentScope: string, scope: string): boolean {
  const outer = assignmentScope.toLowerCase().replace(/\/+$/, '');
  const inner = scope.toLowerCase().replace(/\/+$/, '');
  return outer === '' || inner === outer || inner.startsWith(`${outer}/`);
}

/** The caller's effective permissions at a scope: every role assigned to them at that scope or above. */
export function permissionsAt(store: EmulatorStore, user: DirectoryUser, scope: string): Permission[] {
  const subscriptionId = scope.split('/')[2] ?? '';
  const permissions: Permission[] = [];
  for (const assignment of store.roleAssignments.inSubscription(subscriptionId)) {
    if (assignment.properties.principalId !== user.objectId || !scopeCovers(assignment.properties.scope, scope)) continue;
    const roleGuid = assignment.properties.roleDefinitionId.split('/').pop()?.toLowerCase();
    const definition = store.roleDefinitions.find((candidate) => candidate.name.toLowerCase() === roleGuid);
    if (definition) permissions.push(...definition.properties.permissions);
  }
  return permissions;
}

export function mayPerform(store: EmulatorStore, user: DirectoryUser, action: string, scope: string): boolean {
  return isActionAllowed(permissionsAt(store, user, scope), action);
}

/** Subscriptions the user holds any role in (what GET /subscriptions lists). */
export function visibleSubscriptionIds(store: EmulatorStore, user: DirectoryUser): Set<string> {
  const ids = new Set<string>();
  for (const assignment of store.roleAssignments.all()) {
    if (assignment.properties.principalId === user.objectId) ids.add((assignment.properties.scope.split('/')[2] ?? '').toLowerCase());
  }
  return ids;
}
