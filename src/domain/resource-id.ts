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
  // Runs for every VM of a 10,000-VM fleet on each load, mostly on ids of this one shape: one
  // regular expression (native code) answers them, which is fastest on the first, cold run too.
  const match = SIMPLE_RESOURCE_ID.exec(id);
  if (match === null) return parseAnyResourceId(id);
  return { subscriptionId: match[1] ?? '', resourceGroup: match[2] ?? '', provider: match[3] ?? '', type: match[4] ?? '', name: match[5] ?? '' };
}

/**
 * The subscription of an ARM id, as written, read without parsing the rest: for every id that
 * parseResourceId accepts, its subscriptionId. (An id malformed after its subscription still gives
 * one here.) Grouping thousands of Resource Graph rows by subscription parsed each id whole: 24,000
 * calls, ~30 ms warm and ~100 ms cold in Node.
 */
export function subscriptionIdOf(id: string): string | undefined {
  const segment = subscriptionSegmentOf(id);
  return segment !== undefined && segment !== '' && segment.trim() === segment ? segment : undefined;
}

/**
 * What follows "/subscriptions/" (any case) up to the next "/", as written and unchecked (possibly
 * empty); undefined when the id does not start so. Read in place, not by splitting the id: the
 * emulator's store keys every resource by it (mocks/store.ts subscriptionKeyOf).
 */
export function subscriptionSegmentOf(id: string): string | undefined {
  if (id.length < 15 || id.charCodeAt(0) !== 47 /* "/" */ || id.slice(1, 15).toLowerCase() !== 'subscriptions/') return undefined;
  const end = id.indexOf('/', 15);
  return end === -1 ? id.slice(15) : id.slice(15, end);
}

// A segment: non-empty, no "/", nothing String.prototype.trim would remove at either end (JS \s is
// exactly trim's set). Fixed segments in ASCII case only: /i without /u never folds other
// characters onto ASCII letters, so whatever this accepts, parseAnyResourceId accepts alike.
const SEGMENT = String.raw`([^/\s](?:[^/]*[^/\s])?)`;
const SIMPLE_RESOURCE_ID = new RegExp(`^/subscriptions/${SEGMENT}/resourcegroups/${SEGMENT}/providers/${SEGMENT}/${SEGMENT}/${SEGMENT}/?$`, 'i');

// A name segment to the end of the id, from lastIndex (SEGMENT's rule, sticky).
const NAME_TO_END = /[^/\s](?:[^/]*[^/\s])?$/y;

/** What a resource's id says of where it lives: parseResourceId's subscriptionId and resourceGroup. */
export interface ResourceParent {
  subscriptionId: string;
  resourceGroup: string | undefined;
}

/**
 * A reader of ids that come in runs under one parent (a fleet's VMs, listed resource group by
 * resource group): for every id, its subscription and resource group as parseResourceId reads them,
 * undefined where parseResourceId gives undefined. An id spelled as the previous one up to its last
 * segment, and ending on a valid name there, has the same answer (the same object) without being
 * parsed again: parsing was a tenth of classifying a 10,000-VM fleet.
 */
export function resourceParentReader(): (id: string) => ResourceParent | undefined {
  // The last parsed id up to its name, when it was a plain resource id ("" otherwise).
  let prefix = '';
  let last: ResourceParent | undefined;
  return (id) => {
    if (prefix !== '' && id.length > prefix.length && id.startsWith(prefix)) {
      NAME_TO_END.lastIndex = prefix.length;
      if (NAME_TO_END.test(id)) return last;
    }
    const parsed = parseResourceId(id);
    last = parsed === undefined ? undefined : { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup };
    prefix = parsed?.name !== undefined && !id.endsWith('/') && SIMPLE_RESOURCE_ID.test(id) ? id.slice(0, id.length - parsed.name.length) : '';
    return last;
  };
}

/** parseResourceId for every shape: scopes, subscription-level and nested resources. */
function parseAnyResourceId(id: string): ParsedResourceId | undefined {
  if (id.charCodeAt(0) !== 47 /* "/" */) return undefined;
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
  if (a === b) return true;
  // Lower-casing keeps the length of printable ASCII: such ids of different lengths differ without
  // allocating lower-cased copies (NSG ids are compared this way for every VM of the fleet).
  if (a.length !== b.length && !NOT_PRINTABLE_ASCII.test(a) && !NOT_PRINTABLE_ASCII.test(b)) return false;
  return a.toLowerCase() === b.toLowerCase();
}

const NOT_PRINTABLE_ASCII = /[^ -~]/;

/** The key under which maps and sets store a resource id: ARM ids are case-insensitive, so lower-case. */
export function resourceKey(id: string): string {
  return id.toLowerCase();
}

// Per map keyed by resourceKey: the ids as written when they were indexed → their key. References
// to a resource usually spell its id exactly as the resource does, so a lookup finds the key
// without lower-casing (and allocating) the id again: on a 10,000-VM fleet lower-casing was the
// largest cost of the blade's load. The entry is the key, not the value, so it stays true whatever
// is later set in or deleted from the map (resourceKey is a pure function of the id).
const writtenIds = new WeakMap<ReadonlyMap<string, unknown>, Map<string, string>>();

/**
 * resourceKey(id), remembering it for `map` (call it when storing a resource in a map keyed by
 * resourceKey, with the resource's id as written) so that resourceKeyIn and getByResourceId on
 * that map skip lower-casing the same spelling.
 */
export function indexResourceKey(map: ReadonlyMap<string, unknown>, id: string): string {
  const key = resourceKey(id);
  let written = writtenIds.get(map);
  if (written === undefined) {
    written = new Map();
    writtenIds.set(map, written);
  }
  written.set(id, key);
  return key;
}

/** resourceKey(id), taken from the ids indexed into `map` (indexResourceKey) when spelled the same. */
export function resourceKeyIn(map: ReadonlyMap<string, unknown>, id: string): string {
  return writtenIds.get(map)?.get(id) ?? resourceKey(id);
}

/** map.get(resourceKey(id)) for a map keyed by resourceKey, without lower-casing ids spelled as indexed. */
export function getByResourceId<T>(map: ReadonlyMap<string, T>, id: string): T | undefined {
  return map.get(resourceKeyIn(map, id));
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
