import type { QueryClient } from '@tanstack/react-query';

// One key factory per resource, from general to specific, so `invalidateQueries({ queryKey:
// jitPolicyKeys.all })` refreshes every list of policies and `…bySubscription(s)` just one.
// Subscription ids are lower-cased: ARM ids are case-insensitive.

const bySubscription = <const R extends string>(resource: R) => {
  const all = [resource] as const;
  return {
    all,
    lists: () => [...all, 'list'] as const,
    bySubscription: (subscriptionId: string) => [...all, 'list', subscriptionId.toLowerCase()] as const,
    /** The few properties the blade asks Resource Graph for, across these subscriptions (under `all`: invalidating the resource invalidates them). */
    summaries: (subscriptionIds: readonly string[]) => [...all, 'summary', subscriptionIds.map((id) => id.toLowerCase()).sort().join(',')] as const,
    detail: (id: string) => [...all, 'detail', id.toLowerCase()] as const,
  };
};

export const emulatorKeys = {
  all: ['emulator'] as const,
  status: () => ['emulator', 'status'] as const,
};

export const subscriptionKeys = {
  all: ['subscriptions'] as const,
  list: () => ['subscriptions', 'list'] as const,
};

export const virtualMachineKeys = bySubscription('virtualMachines');
export const classicVirtualMachineKeys = bySubscription('classicVirtualMachines');
export const networkInterfaceKeys = bySubscription('networkInterfaces');
export const networkSecurityGroupKeys = bySubscription('networkSecurityGroups');
export const publicIpAddressKeys = bySubscription('publicIpAddresses');
export const virtualNetworkKeys = bySubscription('virtualNetworks');
export const azureFirewallKeys = bySubscription('azureFirewalls');
export const pricingKeys = bySubscription('pricings');
export const jitPolicyKeys = bySubscription('jitNetworkAccessPolicies');
export const policyAssignmentKeys = bySubscription('policyAssignments');

export const permissionKeys = {
  all: ['permissions'] as const,
  /** scope: "/subscriptions/{s}" or "/subscriptions/{s}/resourceGroups/{rg}" */
  atScope: (scope: string) => ['permissions', scope.toLowerCase()] as const,
};

export const activityKeys = {
  all: ['activity'] as const,
  list: (args: { subscriptionId: string; from: string; to: string; resourceUri?: string | undefined }) =>
    ['activity', args.subscriptionId.toLowerCase(), args.resourceUri?.toLowerCase() ?? '', args.from, args.to] as const,
};

/**
 * After any JIT write (policy PUT or DELETE, initiate): JIT writes deny and allow rules into NSGs
 * and DNAT rules into firewalls, so those lists are stale along with the policies.
 */
export function invalidateAfterJitWrite(queryClient: Pick<QueryClient, 'invalidateQueries'>): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: jitPolicyKeys.all }),
    queryClient.invalidateQueries({ queryKey: networkSecurityGroupKeys.all }),
    queryClient.invalidateQueries({ queryKey: azureFirewallKeys.all }),
  ]).then(() => undefined);
}
