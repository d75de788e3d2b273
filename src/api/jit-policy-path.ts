/** Where a JIT policy lives: one per resource group and location, normally named "default". */
export interface JitPolicyLocator {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
}

export function jitPolicyPath(locator: JitPolicyLocator): string {
  const { subscriptionId, resourceGroup, location, name } = locator;
  return (
    `/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}` +
    `/providers/Microsoft.Security/locations/${encodeURIComponent(location)}/jitNetworkAccessPolicies/${encodeURIComponent(name)}`
  );
}
