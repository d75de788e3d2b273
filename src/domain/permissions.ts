import type { Permission } from './arm-types';

/** The actions JIT checks (Azure docs, "Permissions needed to configure and use JIT"). */
export const JIT_ACTIONS = {
  read: 'Microsoft.Security/locations/jitNetworkAccessPolicies/read',
  write: 'Microsoft.Security/locations/jitNetworkAccessPolicies/write',
  delete: 'Microsoft.Security/locations/jitNetworkAccessPolicies/delete',
  initiate: 'Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action',
} as const;

// Role definitions reuse a handful of patterns across thousands of checks: compile each once.
const compiled = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (regExp === undefined) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regExp = new RegExp(`^${source}$`, 'i');
    if (compiled.size > 5_000) compiled.clear();
    compiled.set(pattern, regExp);
  }
  return regExp;
}

/** Whether one action pattern (case-insensitive, `*` matches any run of characters, "/" included) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  return patternToRegExp(pattern).test(action);
}

/**
 * Whether a set of permissions (as returned by Microsoft.Authorization/permissions) grants
 * `action`: some `actions` pattern matches and no `notActions` pattern of the same entry does.
 * Patterns are case-insensitive with `*` wildcards (`*`, `*\/read`, `Microsoft.Security/*`).
 *
 * As in Azure RBAC, notActions are not deny rules: they only subtract from the actions of their
 * own entry (and so of their own role), so another entry that grants the action still grants it.
 */
export function isActionAllowed(permissions: readonly Permission[], action: string): boolean {
  return permissions.some(
    (permission) =>
      permission.actions.some((pattern) => actionMatches(pattern, action)) &&
      !permission.notActions.some((pattern) => actionMatches(pattern, action)),
  );
}
