import { API_VERSIONS, armRequest, type ArmResponse } from './arm-client';
import { resourceGraphPage } from './wire/resource-graph';

const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
/** Resource Graph's largest page. */
const PAGE_ROWS = 1000;

// The emulator writes `totalRecords` first; Azure may write it elsewhere, and then the parsed first
// page says it, a few milliseconds later.
const TOTAL_RECORDS = /^\s*\{\s*"totalRecords"\s*:\s*(\d+)/;

/** `totalRecords` when a page's text starts with it, read without parsing the page. */
export function peekTotalRecords(text: string): number | undefined {
  const match = TOTAL_RECORDS.exec(text.slice(0, 64));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Runs a Resource Graph query over the given subscriptions and returns every row, parsed by the
 * caller. The first page says how many rows there are; the other pages are then asked for all at
 * once by `$skip` (Resource Graph's random page access) rather than one after another by
 * `$skipToken`: on the 10,000-VM fleet a chain of pages waited for each page's round trip behind
 * every other query's pages. Like a `$skipToken` chain, pages read while the resources change may
 * overlap or miss a row; the blade reads again after its own writes. A query is a read: unlike
 * other POSTs it is retried on 429 and 5xx.
 */
export async function queryResourceGraph<T>(
  subscriptions: readonly string[],
  query: string,
  parseRow: (row: unknown) => T,
  signal?: AbortSignal,
): Promise<T[]> {
  const ask = (skip: number, onText?: (text: string) => void): Promise<ArmResponse> =>
    armRequest({
      method: 'POST',
      path: RESOURCE_GRAPH_PATH,
      apiVersion: API_VERSIONS.resourceGraph,
      body: { subscriptions, query, options: { $top: PAGE_ROWS, $skip: skip, resultFormat: 'objectArray' } },
      retry: true,
      signal,
      ...(onText === undefined ? {} : { onText }),
    });
  const rest: Promise<ArmResponse>[] = [];
  let asked = PAGE_ROWS;
  const askUpTo = (total: number) => {
    for (; asked < total; asked += PAGE_ROWS) {
      const page = ask(asked);
      // Awaited in order below; a failure is reported there, not as an unhandled rejection.
      page.catch(() => undefined);
      rest.push(page);
    }
  };
  const first = resourceGraphPage(
    (
      await ask(0, (text) => {
        const total = peekTotalRecords(text);
        if (total !== undefined) askUpTo(total);
      })
    ).body,
  );
  askUpTo(first.totalRecords);
  const rows = first.data.map((row) => parseRow(row));
  for (const pending of rest) {
    const page = resourceGraphPage((await pending).body);
    for (const row of page.data) rows.push(parseRow(row));
  }
  return rows;
}
