import { array, finiteNumber, optionalString, record } from './guards';

// Azure Resource Graph's query answer (QueryResponse, api-version 2021-03-01) with objectArray
// rows: `data` and `totalRecords` (the console pages by $skip, so it does not read `$skipToken`).

export function resourceGraphPage(body: unknown): { data: readonly unknown[]; totalRecords: number } {
  const page = record(body, 'resourceGraph');
  return { data: array(page.data, 'resourceGraph.data'), totalRecords: finiteNumber(page.totalRecords, 'resourceGraph.totalRecords') };
}

/** A projected column that Resource Graph answers as null when the resource has no such value. */
export function nullableString(value: unknown, path: string): string | undefined {
  return value === null ? undefined : optionalString(value, path);
}
