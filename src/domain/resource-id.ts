export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  provider?: string;
  /** e.g. "virtualMachines", "locations/jitNetworkAccessPolicies" */
  type?: string;
  name?: string;
}

/**
 * Parses "/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/…]"; undefined if not a resource id.
 *
 * ARM treats the fixed segments ("subscriptions", "resourceGroups", "providers") case-insensitively,
 * so this does too; values keep the case they were written in. Nested resources follow ARM's own
 * convention: the type is every type segment joined with "/" and the name is the last name, so
 * ".../providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default" has type
 * "locations/jitNetworkAccessPolicies" and name "default". A path that ends on a type segment (a
 * collection, not a resource) is not a resource id.
 */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  if (id.charCodeAt(0) !== 47 /* "/" */) return undefined;
  // Indexes rather than slices: this runs for every VM of a 10,000-VM fleet on each render.
  const segments = id.split('/');
  let last = segments.length - 1;
  // A trailing slash is tolerated (ARM does), an empty segment anywhere else is not.
  if (last > 1 && segments[last] === '') last -= 1;
  for (let i = 1; i <= last; i++) {
    const segment = segments[i] ?? '';
    if (segment === '' || segment.trim() !== segment) return undefined;
  }

  const subscriptionId = segments[2];
  if (last < 2 || segments[1]?.toLowerCase() !== 'subscriptions' || subscriptionId === undefined) return undefined;
  const result: ParsedResourceId = { subscriptionId };
  let at = 3;

  if (at <= last && segments[at]?.toLowerCase() === 'resourcegroups') {
    const resourceGroup = segments[at + 1];
    if (at + 1 > last || resourceGroup === undefined) return undefined;
    result.resourceGroup = resourceGroup;
    at += 2;
  }
  if (at > last) return result;

  if (segments[at]?.toLowerCase() !== 'providers') return undefined;
  const provider = segments[at + 1];
  const firstType = at + 2;
  const typeAndNameCount = last - firstType + 1;
  if (provider === undefined || typeAndNameCount <= 0 || typeAndNameCount % 2 !== 0) return undefined;
  let type = segments[firstType] ?? '';
  for (let i = firstType + 2; i < last; i += 2) type += `/${segments[i] ?? ''}`;
  result.provider = provider;
  result.type = type;
  result.name = segments[last] ?? '';
  return result;
}

/** ARM ids compare case-insensitively. */
export function sameResourceId(a: string, b: string): boolean {
  return resourceKey(a) === resourceKey(b);
}

/** The key under which maps and sets store a resource id: ARM ids are case-insensitive, so lower-case. */
export function resourceKey(id: string): string {
  return id.toLowerCase();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a GUID such as a subscription id (any case). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

export interface ParsedVirtualMachineId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/**
 * Parses a Resource Manager VM id,
 * "/subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}"
 * (case-insensitive, nothing after the name); undefined for anything else, classic VMs included.
 */
export function parseVirtualMachineId(id: string): ParsedVirtualMachineId | undefined {
  const parsed = parseResourceId(id);
  if (
    parsed?.resourceGroup === undefined ||
    parsed.name === undefined ||
    !isGuid(parsed.subscriptionId) ||
    parsed.provider?.toLowerCase() !== 'microsoft.compute' ||
    parsed.type?.toLowerCase() !== 'virtualmachines'
  ) {
    return undefined;
  }
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}
