import { array, finiteNumber, optionalString, record, string, WireFormatError } from './guards';

// Azure Resource Graph's query answer (QueryResponse, api-version 2021-03-01) in the `table` result
// format: `data` is `{ columns: [{ name, type }], rows: [[value, …], …] }`, and `totalRecords` (the
// console pages by $skip, so it does not read `$skipToken`).

/** One row of a table answer: its values in the order of the columns the query projected. */
export type ResourceGraphRow = readonly unknown[];

/**
 * A page of a table answer whose columns must be `columns`, in that order: the console reads each
 * row's values by position, so an answer with other columns is refused rather than misread.
 */
export function resourceGraphTablePage(body: unknown, columns: readonly string[]): { rows: readonly ResourceGraphRow[]; totalRecords: number } {
  const page = record(body, 'resourceGraph');
  const data = record(page.data, 'resourceGraph.data');
  const answered = array(data.columns, 'resourceGraph.data.columns').map((column, i) => string(record(column, `resourceGraph.data.columns[${String(i)}]`).name, `resourceGraph.data.columns[${String(i)}].name`));
  if (answered.length !== columns.length || answered.some((name, i) => name !== columns[i])) {
    throw new WireFormatError(`Invalid wire data at resourceGraph.data.columns: expected the columns ${columns.join(', ')}, not ${answered.join(', ')}.`);
  }
  const rows = array(data.rows, 'resourceGraph.data.rows');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== columns.length) throw new WireFormatError(`Invalid wire data at resourceGraph.data.rows[${String(i)}]: expected an array of ${String(columns.length)} values.`);
  }
  return { rows: rows as readonly ResourceGraphRow[], totalRecords: finiteNumber(page.totalRecords, 'resourceGraph.totalRecords') };
}

/** A projected column that Resource Graph answers as null when the resource has no such value. */
export function nullableString(value: unknown, path: string): string | undefined {
  return value === null ? undefined : optionalString(value, path);
}
