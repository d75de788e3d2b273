import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_IDS } from './identity';
import { emulatorStore, resetEmulator, server } from './node';
import { KqlError, evaluateKql, parseKql, plainColumn, resultColumns, typesNarrowedTo, withoutTypeConditions } from './resource-graph';
import { DEV_TEST_SUBSCRIPTION_ID, PRODUCTION_SUBSCRIPTION_ID } from './scenarios/default-scenario';
import { arm, at, type TestUser } from './test-client';

// Resource Graph's query route and the KQL subset it runs: what the blade asks instead of listing
// whole VMs, NICs and public IPs.

const GRAPH = '/providers/Microsoft.ResourceGraph/resources';
const NOW = new Date('2024-05-01T09:00:00.000Z');

interface GraphPage {
  totalRecords: number;
  count: number;
  resultTruncated: string;
  $skipToken?: string;
  data: Record<string, unknown>[];
  facets: unknown[];
}

function graph(body: unknown, as: TestUser = 'admin') {
  return arm(GRAPH, { method: 'POST', apiVersion: '2021-03-01', body, as });
}

async function allRows(query: string, subscriptions: string[], top = 1000, as: TestUser = 'admin'): Promise<{ rows: Record<string, unknown>[]; pages: GraphPage[] }> {
  const pages: GraphPage[] = [];
  let skipToken: string | undefined;
  do {
    const answer = await graph({ subscriptions, query, options: { $top: top, ...(skipToken === undefined ? {} : { $skipToken: skipToken }) } }, as);
    expect(answer.status).toBe(200);
    const page = answer.body as GraphPage;
    pages.push(page);
    skipToken = page.$skipToken;
  } while (skipToken !== undefined);
  return { rows: pages.flatMap((page) => page.data), pages };
}

const VM_QUERY =
  "Resources | where type =~ 'Microsoft.Compute/virtualMachines' | project id, name, location, osType = properties.storageProfile.osDisk.osType, nics = properties.networkProfile.networkInterfaces";

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  resetEmulator('default', { now: NOW });
});

describe('the KQL subset', () => {
  it('parses where (and, =~, in~), project with names and paths, and mv-expand', () => {
    const query = parseKql(
      "resources | where type =~ 'a' and name in~ ('x', \"y\") | mv-expand c = properties.list | project id, n = c.value, properties.deep[0].leaf",
    );
    expect(query.operators.map((operator) => operator.kind)).toEqual(['where', 'mv-expand', 'project']);
    const rows = evaluateKql(
      query,
      [
        { id: '1', type: 'A', name: 'X', properties: { list: [{ value: 1 }, { value: 2 }], deep: [{ leaf: 'L' }] } },
        { id: '2', type: 'a', name: 'z', properties: { list: [{ value: 3 }] } },
        { id: '3', type: 'a', name: 'y', properties: { list: [] } },
      ],
      plainColumn,
      ['id', 'type', 'name', 'properties'],
    );
    // Row 2 fails the name test; row 3 has nothing to expand; a missing value projects as null.
    expect(rows).toEqual([
      { id: '1', n: 1, properties_deep_0_leaf: 'L' },
      { id: '1', n: 2, properties_deep_0_leaf: 'L' },
    ]);
  });

  it.each([
    ['', 'The query is empty.'],
    ['SecurityResources | take 1', "The table 'SecurityResources' is not available"],
    ["Resources | where type == 'a' or type == 'b'", "'or' is not supported"],
    ['Resources | summarize count() by type', "The operator 'summarize' is not supported"],
    ["Resources | where name =~ 'unclosed", 'A string literal is not closed.'],
    ['Resources | project id, id', "The column 'id' is projected twice."],
    ['Resources | where name =~ 3', 'Expected a string literal'],
    ['Resources project id', "Expected '|' or the end of the query"],
  ])('rejects %j with a precise message', (text, message) => {
    expect(() => parseKql(text)).toThrow(KqlError);
    expect(() => parseKql(text)).toThrow(message);
  });

  it('fails on a column the rows do not have at that point, as Kusto does', () => {
    const run = (text: string) => evaluateKql(parseKql(text), [{ id: '1', properties: {} }], plainColumn, ['id', 'properties']);
    expect(() => run('Resources | project idd')).toThrow("Failed to resolve the column 'idd'");
    expect(() => run("Resources | project id | where properties.x =~ 'y'")).toThrow("Failed to resolve the column 'properties': the rows have id.");
    // Kusto's mv-expand: a missing (null) value gives one row with null, an empty array none.
    expect(run('Resources | mv-expand p = properties.list | project id, p')).toEqual([{ id: '1', p: null }]);
    expect(run('Resources')).toEqual([{ id: '1', properties: {} }]);
  });

  const rowsOf = (text: string, sources: Record<string, unknown>[]) => evaluateKql(parseKql(text), sources, plainColumn, ['id', 'name', 'properties']);

  it('mv-expand with_itemindex numbers the elements; an empty array yields no row; a property bag is refused', () => {
    const sources = [
      { id: 'a', properties: { list: ['x', 'y'] } },
      { id: 'b', properties: { list: [] } },
      { id: 'c', properties: { list: { key: 'value' } } },
    ];
    expect(rowsOf('Resources | where id != \'c\' | mv-expand with_itemindex = i v = properties.list | project id, i, v', sources)).toEqual([
      { id: 'a', i: 0, v: 'x' },
      { id: 'a', i: 1, v: 'y' },
    ]);
    expect(() => rowsOf('Resources | mv-expand v = properties.list', sources)).toThrow('expanding a property bag');
  });

  it('order by sorts descending unless asc is said, nulls first ascending and last descending, ties by the next key', () => {
    const sources = [
      { id: 'b', name: 'n2' },
      { id: 'a', name: 'n2' },
      { id: 'c', name: null },
      { id: 'B', name: 'n1' },
    ];
    expect(rowsOf('Resources | order by name asc, id asc | project id', sources).map((row) => row.id)).toEqual(['c', 'B', 'a', 'b']);
    expect(rowsOf('Resources | sort by name, id | project id', sources).map((row) => row.id)).toEqual(['b', 'a', 'B', 'c']);
  });

  it.each([
    ["Resources | where name !in ('x') | project id", ['a', 'b']],
    ["Resources | where name !in~ ('X') | project id", ['a', 'b']],
    ["Resources | where name in ('X', 'y') | project id", ['b']],
    ["Resources | where name in~ ('X') | project id", ['c']],
    ["Resources | where name == 'it\\'s' | project id", ['a']],
    ["Resources | where properties.tags[1] == \"two\" | project id", ['b']],
    ["Resources | where properties['tags'][0] =~ 'ONE' | project id", ['b']],
  ])('%s', (text, ids) => {
    const sources = [
      { id: 'a', name: "it's", properties: {} },
      { id: 'b', name: 'y', properties: { tags: ['one', 'two'] } },
      { id: 'c', name: 'x', properties: {} },
    ];
    expect(rowsOf(text, sources).map((row) => row.id)).toEqual(ids);
  });

  it('drops the leading conditions on type once the rows are read by the types they narrow to: same rows', () => {
    const query = parseKql(
      "Resources | where type =~ 'Microsoft.Compute/virtualMachines' and name != 'skip' | where type in~ ('microsoft.compute/virtualmachines', 'microsoft.network/networkinterfaces') | order by name asc | where type == 'x' | project name",
    );
    const trimmed = withoutTypeConditions(query);
    // Only the leading ones: the `where type == 'x'` after `order by` stays, as does the condition on name.
    expect(trimmed.operators.map((operator) => operator.kind)).toEqual(['where', 'order', 'where', 'project']);
    expect(trimmed.operators[0]).toEqual({ kind: 'where', conditions: [{ path: ['name'], op: '!=', value: 'skip' }] });
    const untouched = parseKql("Resources | where name == 'a' | project name");
    expect(withoutTypeConditions(untouched)).toBe(untouched);

    const [vmType, nicType, ipType] = ['microsoft.compute/virtualmachines', 'microsoft.network/networkinterfaces', 'microsoft.network/publicipaddresses'] as const;
    const types = [vmType, nicType, ipType];
    const sources = ['vm-b', 'skip', 'vm-a', 'nic-a', 'pip-a', 'vm-c'].map((name, i) => ({ name, type: name === 'skip' || name.startsWith('vm') ? vmType : name.startsWith('nic') ? nicType : ipType, id: String(i) }));
    for (const text of [
      "Resources | where type =~ 'Microsoft.Compute/virtualMachines' and name != 'skip' | order by name asc | project name",
      "Resources | where type in~ ('microsoft.network/networkinterfaces', 'microsoft.network/publicipaddresses') | order by name desc | project name, type",
      "Resources | where type !~ 'microsoft.compute/virtualmachines' | project name",
      "Resources | where name != 'vm-a' | order by name asc | project name",
    ]) {
      const parsed = parseKql(text);
      const narrowed = typesNarrowedTo(parsed, types);
      const read = sources.filter((source) => narrowed === undefined || narrowed.has(source.type));
      expect(evaluateKql(withoutTypeConditions(parsed), read, plainColumn, ['id', 'name', 'type'])).toEqual(evaluateKql(parsed, sources, plainColumn, ['id', 'name', 'type']));
    }
  });

  it('types the result columns as Resource Graph reports them: a column taken whole keeps its type, a value below one is dynamic', () => {
    const typeOf = (column: string) => (column === 'properties' ? 'object' : 'string');
    expect(resultColumns(parseKql('Resources | mv-expand with_itemindex = i v = properties.list | project id, nic = v.id, i, props = properties'), ['id', 'properties'], typeOf)).toEqual([
      { name: 'id', type: 'string' },
      { name: 'nic', type: 'object' },
      { name: 'i', type: 'integer' },
      { name: 'props', type: 'object' },
    ]);
    expect(() => resultColumns(parseKql('Resources | project id | project name'), ['id', 'name'], typeOf)).toThrow("Failed to resolve the column 'name': the rows have id.");
  });

  it('keeps operator names case-sensitive, as Kusto does, and refuses __proto__ as a column name', () => {
    expect(() => parseKql("Resources | WHERE name == 'x'")).toThrow("The operator 'WHERE' is not supported");
    expect(() => parseKql('Resources | project __proto__ = id')).toThrow("'__proto__' cannot name a column.");
    expect(parseKql('resources | project id').table).toBe('resources');
  });
});

describe('POST /providers/Microsoft.ResourceGraph/resources', () => {
  it('projects exactly what the VM list holds, with lower-cased type and resource group columns', async () => {
    const { rows, pages } = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID]);
    const list = await arm(`/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/providers/Microsoft.Compute/virtualMachines`, { apiVersion: '2024-07-01' });
    const vms = (list.body as { value: { id: string; name: string; location: string; properties: { storageProfile: { osDisk: { osType: string } }; networkProfile: { networkInterfaces: unknown[] } } }[] }).value;
    expect(rows).toEqual(vms.map((vm) => ({ id: vm.id, name: vm.name, location: vm.location, osType: vm.properties.storageProfile.osDisk.osType, nics: vm.properties.networkProfile.networkInterfaces })));
    expect(pages[0]).toMatchObject({ totalRecords: vms.length, count: vms.length, resultTruncated: 'false', facets: [] });

    const typed = await allRows("Resources | where type == 'microsoft.compute/virtualmachines' and resourceGroup == 'rg-web' | project type, resourceGroup", [PRODUCTION_SUBSCRIPTION_ID]);
    expect(typed.rows.length).toBeGreaterThan(0);
    expect(typed.rows.every((row) => row.type === 'microsoft.compute/virtualmachines' && row.resourceGroup === 'rg-web')).toBe(true);
  });

  it('expands each NIC into one row per IP configuration', async () => {
    const { rows } = await allRows(
      "Resources | where type =~ 'microsoft.network/networkinterfaces' | mv-expand ipConfiguration = properties.ipConfigurations | project id, subnet = ipConfiguration.properties.subnet.id, privateIp = ipConfiguration.properties.privateIPAddress",
      [PRODUCTION_SUBSCRIPTION_ID, DEV_TEST_SUBSCRIPTION_ID],
    );
    const nics = [...emulatorStore().networkInterfaces.inSubscription(PRODUCTION_SUBSCRIPTION_ID), ...emulatorStore().networkInterfaces.inSubscription(DEV_TEST_SUBSCRIPTION_ID)];
    expect(rows).toEqual(
      nics.flatMap((nic) => nic.properties.ipConfigurations.map((configuration) => ({ id: nic.id, subnet: configuration.properties.subnet?.id ?? null, privateIp: configuration.properties.privateIPAddress }))),
    );
  });

  it('answers the table result format: typed columns once, then each row as its values in column order', async () => {
    const objects = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID]);
    const answer = await graph({ subscriptions: [PRODUCTION_SUBSCRIPTION_ID], query: VM_QUERY, options: { $top: 3, $skip: 1, resultFormat: 'table' } });
    expect(answer.status).toBe(200);
    expect(at(answer.body, 'totalRecords')).toBe(objects.rows.length);
    expect(at(answer.body, 'count')).toBe(3);
    expect(at(answer.body, 'data', 'columns')).toEqual([
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'location', type: 'string' },
      { name: 'osType', type: 'object' },
      { name: 'nics', type: 'object' },
    ]);
    expect(at(answer.body, 'data', 'rows')).toEqual(objects.rows.slice(1, 4).map((row) => [row.id, row.name, row.location, row.osType, row.nics]));

    // Without a project: every column of the Resources table, then what mv-expand added, nulls written out.
    const whole = await graph({
      subscriptions: [PRODUCTION_SUBSCRIPTION_ID],
      query: "Resources | where type =~ 'microsoft.network/networkinterfaces' | order by id asc | mv-expand with_itemindex = i configuration = properties.ipConfigurations",
      options: { $top: 1, resultFormat: 'table' },
    });
    const columns = at(whole.body, 'data', 'columns') as { name: string; type: string }[];
    expect(columns.slice(0, 3)).toEqual([
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'type', type: 'string' },
    ]);
    expect(columns.find((column) => column.name === 'properties')?.type).toBe('object');
    expect(columns.slice(-2)).toEqual([
      { name: 'configuration', type: 'object' },
      { name: 'i', type: 'integer' },
    ]);
    const [row] = at(whole.body, 'data', 'rows') as unknown[][];
    expect(row).toHaveLength(columns.length);
    expect(row?.[columns.findIndex((column) => column.name === 'sku')]).toBeNull();
    expect(row?.at(-1)).toBe(0);
  });

  it('pages by $top and $skipToken without losing or repeating a row, and $skip overrides the token', async () => {
    const whole = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID]);
    const paged = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID], 2);
    expect(paged.pages.length).toBe(Math.ceil(whole.rows.length / 2));
    expect(paged.pages.every((page) => page.totalRecords === whole.rows.length && page.count === page.data.length)).toBe(true);
    expect(paged.rows).toEqual(whole.rows);
    const skipped = await graph({ subscriptions: [PRODUCTION_SUBSCRIPTION_ID], query: VM_QUERY, options: { $top: 1, $skip: 3, $skipToken: paged.pages[0]?.$skipToken } });
    expect(at(skipped.body, 'data')).toEqual([whole.rows[3]]);
  });

  it('answers only the resources the caller may read', async () => {
    const store = emulatorStore();
    const requester = store.user('requester@contoso.com');
    if (!requester) throw new Error('no requester');
    // The requester keeps a role only on rg-web of the production subscription.
    for (const assignment of store.roleAssignments.all()) {
      if (assignment.properties.principalId === requester.objectId) store.roleAssignments.remove(assignment.id);
    }
    const scope = `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web`;
    store.roleAssignments.upsert({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/00000000-0000-4000-8000-00000000a001`,
      name: '00000000-0000-4000-8000-00000000a001',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { roleDefinitionId: `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.reader}`, principalId: requester.objectId, principalType: 'User', scope },
    });
    const everything = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID, DEV_TEST_SUBSCRIPTION_ID]);
    const seen = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID, DEV_TEST_SUBSCRIPTION_ID], 1000, 'requester');
    expect(seen.rows.length).toBeGreaterThan(0);
    expect(seen.rows.length).toBeLessThan(everything.rows.length);
    expect(seen.rows.every((row) => String(row.id).toLowerCase().startsWith(scope.toLowerCase()))).toBe(true);
  });

  it('follows role changes: the same user querying again after losing a role sees less', async () => {
    const store = emulatorStore();
    const requester = store.user('requester@contoso.com');
    if (!requester) throw new Error('no requester');
    const before = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID, DEV_TEST_SUBSCRIPTION_ID], 1000, 'requester');
    expect(before.rows.length).toBeGreaterThan(0);
    for (const assignment of store.roleAssignments.all()) {
      if (assignment.properties.principalId === requester.objectId && assignment.properties.scope.toLowerCase() === `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}`) {
        store.roleAssignments.remove(assignment.id);
      }
    }
    const after = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID, DEV_TEST_SUBSCRIPTION_ID], 1000, 'requester');
    expect(after.rows.length).toBeLessThan(before.rows.length);
    expect(after.rows.some((row) => String(row.id).includes(PRODUCTION_SUBSCRIPTION_ID))).toBe(false);
  });

  it('follows writes: a query after a change answers the change', async () => {
    const before = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID]);
    const [first] = emulatorStore().virtualMachines.inSubscription(PRODUCTION_SUBSCRIPTION_ID);
    if (!first) throw new Error('no VM');
    emulatorStore().virtualMachines.remove(first.id);
    const after = await allRows(VM_QUERY, [PRODUCTION_SUBSCRIPTION_ID]);
    expect(after.rows).toEqual(before.rows.filter((row) => row.id !== first.id));
  });

  it.each([
    [{}, 400, 'InvalidRequestContent', '"query" is required'],
    [{ query: 'Resources', options: { $top: 0 } }, 400, 'InvalidRequestContent', '"options.$top" must be an integer from 1 to 1000.'],
    [{ query: 'Resources', options: { $top: 1001 } }, 400, 'InvalidRequestContent', '"options.$top"'],
    [{ query: 'Resources', options: { $skip: -1 } }, 400, 'InvalidRequestContent', '"options.$skip"'],
    [{ query: 'Resources', options: { $skipToken: 'not-a-token' } }, 400, 'BadRequest', 'The $skipToken is invalid'],
    [{ query: 'Resources', options: { resultFormat: 'csv' } }, 400, 'InvalidRequestContent', '"options.resultFormat" must be "objectArray" or "table".'],
    [{ query: 'Resources', subscriptions: ['not-a-guid'] }, 400, 'InvalidSubscriptionId', "'not-a-guid'"],
    [{ query: 'Resources', managementGroups: ['mg1'] }, 400, 'BadRequest', 'Management group scopes are not supported'],
    [{ query: 'Resources | take 5' }, 400, 'BadRequest', "The query is invalid: The operator 'take' is not supported"],
    [{ query: 'Resources | project id, vmSize = property.hardwareProfile.vmSize' }, 400, 'BadRequest', "The query is invalid: Failed to resolve the column 'property'"],
  ])('rejects %j with %i %s', async (body, status, code, message) => {
    const answer = await graph(body);
    expect(answer.status).toBe(status);
    expect(at(answer.body, 'error', 'code')).toBe(code);
    expect(String(at(answer.body, 'error', 'message'))).toContain(message);
  });

  it('needs a token and a known api-version, like every ARM call', async () => {
    expect((await arm(GRAPH, { method: 'POST', apiVersion: '2021-03-01', body: { query: 'Resources' }, as: null })).status).toBe(401);
    const old = await arm(GRAPH, { method: 'POST', apiVersion: '2019-04-01', body: { query: 'Resources' } });
    expect(old.status).toBe(400);
    expect(at(old.body, 'error', 'code')).toBe('InvalidApiVersionParameter');
  });
});
