import type { RequestHandler } from 'msw';
import { isRecord } from '../../src/api/wire/guards';
import { isGuid } from '../../src/domain/resource-id';
import { armRoute, jsonResponse, pushArrayJson, readJsonBody, type ArmContext } from '../arm';
import { ArmError } from '../arm-error';
import { mayPerform, visibleSubscriptionIds } from '../identity';
import { evaluateKql, KqlError, parseKql, resultColumns, typesNarrowedTo, withoutTypeConditions, type KqlColumnType, type KqlQuery, type KqlResultColumn, type KqlRow } from '../resource-graph';
import { resourceGroupKeyOf, type EmulatorStore, type TableKind } from '../store';
import { expireDueRequests } from './route-helpers';

// Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources (api-version 2021-03-01,
// resourcegraph.json in Azure/azure-rest-api-specs). Runs the KQL subset of mocks/resource-graph.ts
// over the store's resources in the requested subscriptions, answering only what the caller may
// read, in pages of `$top` rows (at most 1,000) chained by `$skipToken` or addressed by `$skip`,
// as an array of objects (`objectArray`, the default) or a table of typed columns and rows of
// values (`table`: no column name repeated on every row, so fewer bytes to write and to read).

/** The store's tables that Resource Graph's `Resources` table holds, with their resource types. */
const RESOURCE_TABLES: readonly { kind: TableKind; type: string; reflectsJit: boolean }[] = [
  { kind: 'virtualMachines', type: 'Microsoft.Compute/virtualMachines', reflectsJit: false },
  { kind: 'classicVirtualMachines', type: 'Microsoft.ClassicCompute/virtualMachines', reflectsJit: false },
  { kind: 'networkInterfaces', type: 'Microsoft.Network/networkInterfaces', reflectsJit: false },
  { kind: 'networkSecurityGroups', type: 'Microsoft.Network/networkSecurityGroups', reflectsJit: true },
  { kind: 'publicIpAddresses', type: 'Microsoft.Network/publicIPAddresses', reflectsJit: false },
  { kind: 'virtualNetworks', type: 'Microsoft.Network/virtualNetworks', reflectsJit: false },
  { kind: 'azureFirewalls', type: 'Microsoft.Network/azureFirewalls', reflectsJit: true },
];
// Resource Graph reports `type` in lower case.
const KNOWN_TYPES = RESOURCE_TABLES.map((table) => table.type.toLowerCase());

const DEFAULT_TOP = 100;
const MAX_TOP = 1000;

interface GraphRequest {
  query: KqlQuery;
  queryText: string;
  subscriptions: string[] | undefined;
  top: number;
  skip: number;
  resultFormat: 'objectArray' | 'table';
}

function invalidContent(message: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', message);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function readSkipToken(token: string): number {
  try {
    const decoded: unknown = JSON.parse(atob(token));
    if (isRecord(decoded) && typeof decoded.skip === 'number' && Number.isSafeInteger(decoded.skip) && decoded.skip >= 0) return decoded.skip;
  } catch {
    // Falls through to the error below.
  }
  throw new ArmError(400, 'BadRequest', "The $skipToken is invalid: pass the '$skipToken' of the previous page unchanged, with the same query and scopes.", {
    details: [{ code: 'InvalidSkipToken', message: `'${token.slice(0, 64)}' is not a continuation token of this service.` }],
  });
}

function invalidQuery(error: KqlError): ArmError {
  return new ArmError(400, 'BadRequest', `The query is invalid: ${error.message}`, {
    details: [{ code: 'InvalidQuery', message: `${error.message} (at character ${String(error.position + 1)})`, target: 'query' }],
  });
}

// Parsed queries by their text (a parsed query is never changed).
const parsedQueries = new Map<string, KqlQuery>();

function parseRequest(body: unknown): GraphRequest {
  if (!isRecord(body)) throw invalidContent('The request content must be a JSON object with a "query".');
  const { query, subscriptions, managementGroups, facets, options = {} } = body;
  if (typeof query !== 'string') throw invalidContent('"query" is required and must be a string.');
  if (subscriptions !== undefined && !isStringArray(subscriptions)) throw invalidContent('"subscriptions" must be an array of subscription ids.');
  const badSubscription = subscriptions?.find((s) => !isGuid(s));
  if (badSubscription !== undefined) throw new ArmError(400, 'InvalidSubscriptionId', `The provided subscription identifier '${badSubscription}' is malformed or invalid.`);
  if (Array.isArray(managementGroups) && managementGroups.length > 0) {
    throw new ArmError(400, 'BadRequest', 'Management group scopes are not supported by this emulator: name the subscriptions in "subscriptions".');
  }
  if (Array.isArray(facets) && facets.length > 0) throw new ArmError(400, 'BadRequest', 'Facets are not supported by this emulator: send the query without "facets".');
  if (!isRecord(options)) throw invalidContent('"options" must be an object.');
  const { $top, $skip, $skipToken, resultFormat } = options;
  if ($top !== undefined && (typeof $top !== 'number' || !Number.isInteger($top) || $top < 1 || $top > MAX_TOP)) {
    throw invalidContent(`"options.$top" must be an integer from 1 to ${String(MAX_TOP)}.`);
  }
  if ($skip !== undefined && (typeof $skip !== 'number' || !Number.isInteger($skip) || $skip < 0)) throw invalidContent('"options.$skip" must be an integer of 0 or more.');
  if ($skipToken !== undefined && typeof $skipToken !== 'string') throw invalidContent('"options.$skipToken" must be a string.');
  if (resultFormat !== undefined && resultFormat !== 'objectArray' && resultFormat !== 'table') throw invalidContent('"options.resultFormat" must be "objectArray" or "table".');
  let parsed = parsedQueries.get(query);
  if (parsed === undefined) {
    try {
      parsed = parseKql(query);
    } catch (error) {
      if (error instanceof KqlError) throw invalidQuery(error);
      throw error;
    }
    // A console asks the same few queries page after page; the oldest goes first.
    if (parsedQueries.size >= 32) parsedQueries.delete(parsedQueries.keys().next().value ?? '');
    parsedQueries.set(query, parsed);
  }
  // $skip overrides the token's offset, as Resource Graph documents.
  const skip = typeof $skip === 'number' ? $skip : typeof $skipToken === 'string' ? readSkipToken($skipToken) : 0;
  return { query: parsed, queryText: query, subscriptions, top: typeof $top === 'number' ? $top : DEFAULT_TOP, skip, resultFormat: resultFormat ?? 'objectArray' };
}

/** A resource of the store as a source row of Resource Graph's Resources table. */
interface ResourceEntry {
  resource: { id: string; name?: string; location?: string; tags?: Record<string, string>; properties?: unknown };
  type: string;
  subscriptionId: string;
  tenantId: string;
}

/** The Resources table's columns. */
const RESOURCE_COLUMNS = ['id', 'name', 'type', 'tenantId', 'kind', 'location', 'resourceGroup', 'subscriptionId', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];

/** The Resources table's column types in table answers: the resource's own strings, the rest dynamic. */
function resourceColumnType(column: string): KqlColumnType {
  switch (column) {
    case 'id':
    case 'name':
    case 'type':
    case 'tenantId':
    case 'kind':
    case 'location':
    case 'resourceGroup':
    case 'subscriptionId':
    case 'managedBy':
      return 'string';
    default:
      return 'object';
  }
}

/** A column of a resource's row, read when the query asks (Resource Graph writes `type` and `resourceGroup` in lower case). */
function resourceColumn(entry: ResourceEntry, column: string): unknown {
  const { resource } = entry;
  switch (column) {
    case 'id':
      return resource.id;
    case 'name':
      return resource.name ?? '';
    case 'type':
      return entry.type;
    case 'tenantId':
      return entry.tenantId;
    case 'kind':
    case 'managedBy':
      return '';
    case 'location':
      return resource.location ?? '';
    case 'resourceGroup':
      return resourceGroupKeyOf(resource.id) ?? '';
    case 'subscriptionId':
      return entry.subscriptionId;
    case 'properties':
      return resource.properties ?? {};
    case 'tags':
      return resource.tags ?? {};
    case 'sku':
    case 'plan':
    case 'identity':
    case 'zones':
    case 'extendedLocation':
      return null;
    default:
      return undefined;
  }
}

// The whole result of a query, kept while nothing it read changed: its pages (by $skipToken or
// $skip) are sliced from it rather than each re-running the query from the first row.
const results = new WeakMap<EmulatorStore, Map<string, { version: string; rows: KqlRow[] }>>();

function* sourceRows(store: EmulatorStore, context: ArmContext, subscriptionIds: readonly string[], types: Set<string> | undefined): Generator<ResourceEntry> {
  const readable = new Map<string, boolean>();
  for (const subscriptionId of subscriptionIds) {
    for (const table of RESOURCE_TABLES) {
      const type = table.type.toLowerCase();
      if (types !== undefined && !types.has(type)) continue;
      const resources = store.table(table.kind).inSubscription(subscriptionId) as readonly ResourceEntry['resource'][];
      // Resource Graph answers only what the caller may read; roles sit at subscription or resource
      // group scope. A role at the subscription covers each of its resource groups (a group's
      // permissions add to the subscription's), so then no resource needs its group read.
      if (mayPerform(store, context.user, `${table.type}/read`, `/subscriptions/${subscriptionId}`)) {
        for (const resource of resources) yield { resource, type, subscriptionId, tenantId: store.tenantId };
        continue;
      }
      for (const resource of resources) {
        const resourceGroup = resourceGroupKeyOf(resource.id);
        const scope = resourceGroup === undefined ? `/subscriptions/${subscriptionId}` : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
        const key = `${table.type} ${scope}`;
        let allowed = readable.get(key);
        if (allowed === undefined) {
          allowed = mayPerform(store, context.user, `${table.type}/read`, scope);
          readable.set(key, allowed);
        }
        if (allowed) yield { resource, type, subscriptionId, tenantId: store.tenantId };
      }
    }
  }
}

async function runQuery(context: ArmContext, request: GraphRequest): Promise<KqlRow[]> {
  const { store } = context;
  const visible = visibleSubscriptionIds(store, context.user);
  const requested = request.subscriptions ?? store.subscriptions.all().map((subscription) => subscription.subscriptionId);
  const subscriptionIds = [...new Set(requested.map((s) => s.toLowerCase()))].filter((s) => visible.has(s) && store.subscription(s) !== undefined);
  const types = typesNarrowedTo(request.query, KNOWN_TYPES);
  const tables = RESOURCE_TABLES.filter((table) => types === undefined || types.has(table.type.toLowerCase()));
  // NSGs and firewalls show the rules JIT wrote: due expiries first, as their list calls do.
  if (tables.some((table) => table.reflectsJit)) for (const subscriptionId of subscriptionIds) await expireDueRequests(context, subscriptionId);

  const version = subscriptionIds
    .map((s) => [...tables.map((table) => store.table(table.kind).version(s)), store.roleAssignments.version(s)].join('.'))
    .join('/');
  const key = `${context.user.objectId} ${subscriptionIds.join(',')} ${request.queryText}`;
  let cache = results.get(store);
  if (!cache) {
    cache = new Map();
    results.set(store, cache);
  }
  const hit = cache.get(key);
  if (hit?.version === version) return hit.rows;
  let rows: KqlRow[];
  try {
    // Only rows of the narrowed types are read, so the conditions that chose them are not tested again.
    rows = evaluateKql(withoutTypeConditions(request.query), sourceRows(store, context, subscriptionIds, types), resourceColumn, RESOURCE_COLUMNS);
  } catch (error) {
    if (error instanceof KqlError) throw invalidQuery(error);
    throw error;
  }
  // A few recent queries (a console asks a handful, page after page); the oldest goes first.
  if (cache.size >= 16) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, { version, rows });
  return rows;
}

/**
 * Writes rows as Resource Graph's `table` result format (the columns once, then each row's values
 * in their order) onto the parts of the answer's text.
 */
function pushTableJson(parts: string[], columns: readonly KqlResultColumn[], rows: readonly KqlRow[]): void {
  const names = columns.map((column) => column.name);
  parts.push(`{"columns":${JSON.stringify(columns)},"rows":`);
  const values: unknown[] = new Array<unknown>(names.length);
  pushArrayJson(parts, rows, (row) => {
    for (let n = 0; n < names.length; n++) values[n] = row[names[n] ?? ''] ?? null;
    return values;
  });
  parts.push('}');
}

export function resourceGraphRoutes(baseUrl: string): RequestHandler[] {
  return [
    // Every signed-in user may query; the answer holds only the resources they may read.
    armRoute(baseUrl, 'post', '/providers/Microsoft.ResourceGraph/resources', { provider: 'resourceGraph' }, async (context) => {
      const request = parseRequest(await readJsonBody(context));
      const rows = await runQuery(context, request);
      const page = rows.slice(request.skip, request.skip + request.top);
      const next = request.skip + page.length;
      const skipToken = next < rows.length ? btoa(JSON.stringify({ skip: next })) : undefined;
      const parts = [
        `{"totalRecords":${String(rows.length)},"count":${String(page.length)},"resultTruncated":"false",${skipToken === undefined ? '' : `"$skipToken":${JSON.stringify(skipToken)},`}"facets":[],"data":`,
      ];
      if (request.resultFormat === 'table') pushTableJson(parts, resultColumns(request.query, RESOURCE_COLUMNS, resourceColumnType), page);
      else pushArrayJson(parts, page);
      parts.push('}');
      return jsonResponse(parts);
    }),
  ];
}
