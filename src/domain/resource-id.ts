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
  // Runs for every VM of a 10,000-VM fleet on each load: segment bounds go into a reused scratch
  // array and only the values returned are sliced, instead of splitting the id into strings.
  // A trailing slash is tolerated (ARM does), an empty segment anywhere else is not.
  const end = id.length > 1 && id.charCodeAt(id.length - 1) === 47 ? id.length - 1 : id.length;
  const starts = segmentStarts;
  starts.length = 0;
  let from = 1;
  for (;;) {
    const slash = id.indexOf('/', from);
    const to = slash === -1 || slash > end ? end : slash;
    if (to === from || isTrimmable(id.charCodeAt(from)) || isTrimmable(id.charCodeAt(to - 1))) return undefined;
    starts.push(from);
    if (to === end) break;
    from = to + 1;
  }
  starts.push(end + 1);
  const count = starts.length - 1;
  const segment = (k: number) => segmentOf(id, k);
  const isKeyword = (k: number, keyword: string) => k < count && equalsLowerCase(id, starts[k] ?? 0, (starts[k + 1] ?? 0) - 1, keyword);

  if (count < 2 || !isKeyword(0, 'subscriptions')) return undefined;
  const result: ParsedResourceId = { subscriptionId: segment(1) };
  let at = 2;

  if (isKeyword(at, 'resourcegroups')) {
    if (at + 1 >= count) return undefined;
    result.resourceGroup = segment(at + 1);
    at += 2;
  }
  if (at >= count) return result;

  if (!isKeyword(at, 'providers')) return undefined;
  const firstType = at + 2;
  const typeAndNameCount = count - firstType;
  if (at + 1 >= count || typeAndNameCount <= 0 || typeAndNameCount % 2 !== 0) return undefined;
  let type = segment(firstType);
  for (let k = firstType + 2; k < count - 1; k += 2) type += `/${segment(k)}`;
  result.provider = segment(at + 1);
  result.type = type;
  result.name = segment(count - 1);
  return result;
}

// Where each segment of the id being parsed starts, plus one past the end: parseResourceId is
// synchronous, so one array serves every call.
const segmentStarts: number[] = [];

/** Segment k (0-based, after the leading slash) of the id parseResourceId is reading. */
function segmentOf(id: string, k: number): string {
  return id.slice(segmentStarts[k] ?? 0, (segmentStarts[k + 1] ?? 0) - 1);
}

/** Whether String.prototype.trim would remove this code unit (printable ASCII never is). */
function isTrimmable(code: number): boolean {
  if (code > 32 && code < 127) return false;
  return String.fromCharCode(code).trim() === '';
}

/** Whether text[start, end) lower-cases to `lower` (ASCII lower-case), without slicing. */
function equalsLowerCase(text: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let code = text.charCodeAt(start + i);
    if (code >= 128) return text.slice(start, end).toLowerCase() === lower;
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** ARM ids compare case-insensitively. Same answer as resourceKey(a) === resourceKey(b), without allocating for ASCII ids. */
export function sameResourceId(a: string, b: string): boolean {
  if (a === b) return true;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Beyond ASCII, lower-casing may change the length or depend on context: let toLowerCase decide.
    if (x >= 128 || y >= 128) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  // Equal up to the shorter length, code unit for code unit or by ASCII case: the lower-cased
  // prefixes are equal, and the longer id's remaining characters lower-case to something non-empty.
  return a.length === b.length;
}

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
