import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { ARM_BASE_URL } from './arm-client';
import { forEachResourceGraphRow, ResourceGraphPagingError, type ResourceGraphQuery } from './query-resource-graph';
import type { ResourceGraphRow } from './wire/resource-graph';

/** Every row of the query, mapped, in the order forEachResourceGraphRow hands them over. */
async function queryResourceGraph<T>(subscriptions: readonly string[], query: ResourceGraphQuery, parseRow: (row: ResourceGraphRow) => T): Promise<T[]> {
  const rows: T[] = [];
  await forEachResourceGraphRow(subscriptions, query, (row) => rows.push(parseRow(row)));
  return rows;
}

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => {
  server.close();
});

const GRAPH = `${ARM_BASE_URL}/providers/Microsoft.ResourceGraph/resources`;
const QUERY = { text: "Resources | where type =~ 'microsoft.compute/virtualmachines' | order by id asc | project id", columns: ['id'] };

/** A Resource Graph of `total` rows; `rowsAt` may answer a page with other rows (a change between pages). */
function serveRows(
  total: number,
  log: { skip: number; inFlight: number }[],
  rowsAt: (skip: number, top: number) => number = (skip, top) => Math.min(top, total - skip),
  table: (rows: string[][]) => unknown = (rows) => ({ columns: [{ name: 'id', type: 'string' }], rows }),
) {
  let inFlight = 0;
  server.use(
    http.post(GRAPH, async ({ request }) => {
      const body = (await request.json()) as { query: string; subscriptions: string[]; options: { $top: number; $skip: number; resultFormat: string } };
      expect(body.query).toBe(QUERY.text);
      expect(body.options.resultFormat).toBe('table');
      expect(body.subscriptions).toEqual(['s1']);
      inFlight++;
      log.push({ skip: body.options.$skip, inFlight });
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      const count = rowsAt(body.options.$skip, body.options.$top);
      const rows = Array.from({ length: Math.max(0, count) }, (_, i) => [`vm-${String(body.options.$skip + i).padStart(5, '0')}`]);
      return HttpResponse.json({ totalRecords: total, count: rows.length, resultTruncated: 'false', facets: [], data: table(rows) });
    }),
  );
}

test('reads every row in order: the first page, then the others by $skip, at most four at a time', async () => {
  const log: { skip: number; inFlight: number }[] = [];
  serveRows(7_500, log);
  const rows = await queryResourceGraph(['s1'], QUERY, ([id]) => id);
  expect(rows).toHaveLength(7_500);
  expect(rows[0]).toBe('vm-00000');
  expect(rows[7_499]).toBe('vm-07499');
  expect(new Set(rows).size).toBe(7_500);
  expect(log.map((entry) => entry.skip).sort((a, b) => a - b)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
  expect(Math.max(...log.map((entry) => entry.inFlight))).toBeLessThanOrEqual(4);
});

test('one page of rows asks nothing more', async () => {
  const log: { skip: number; inFlight: number }[] = [];
  serveRows(3, log);
  expect(await queryResourceGraph(['s1'], QUERY, (row) => row)).toHaveLength(3);
  expect(log.map((entry) => entry.skip)).toEqual([0]);
});

test('a page shorter than the total says fails the read instead of losing rows', async () => {
  serveRows(2_500, [], (skip, top) => (skip === 2000 ? 400 : Math.min(top, 2_500 - skip)));
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow(ResourceGraphPagingError);
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow('answered 400 rows from row 2000 where 500 were due');
});

test('a total no fleet has is refused before a second page is asked', async () => {
  const log: { skip: number; inFlight: number }[] = [];
  serveRows(50_000_000, log, () => 1000);
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow('not a row count this console can read');
  expect(log.map((entry) => entry.skip)).toEqual([0]);
});

test('an answer with other columns than the query projected, or a row of another width, is refused, not misread', async () => {
  serveRows(3, [], undefined, (rows) => ({ columns: [{ name: 'name', type: 'string' }], rows }));
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow('expected the columns id, not name');
  server.resetHandlers();
  serveRows(3, [], undefined, (rows) => ({ columns: [{ name: 'id', type: 'string' }], rows: [...rows.slice(1), [...(rows[0] ?? []), 'extra']] }));
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow('resourceGraph.data.rows[2]: expected an array of 1 values');
  server.resetHandlers();
  // The same columns in another order: reading by position would swap their values.
  const twoColumns = { text: `${QUERY.text}, name`, columns: ['id', 'name'] };
  server.use(
    http.post(GRAPH, () =>
      HttpResponse.json({ totalRecords: 1, count: 1, resultTruncated: 'false', facets: [], data: { columns: [{ name: 'name', type: 'string' }, { name: 'id', type: 'string' }], rows: [['vm-a', '/x/vm-a']] } }),
    ),
  );
  await expect(queryResourceGraph(['s1'], twoColumns, (row) => row)).rejects.toThrow('expected the columns id, name, not name, id');
  server.resetHandlers();
  serveRows(3, [], undefined, (rows) => rows);
  await expect(queryResourceGraph(['s1'], QUERY, (row) => row)).rejects.toThrow('Invalid wire data at resourceGraph.data: expected an object');
});
