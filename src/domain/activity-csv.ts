import type { EventData } from './arm-types';

// The activity log export. Column order is fixed and documented in docs/activity-csv.md; changing
// it breaks the spreadsheets and scripts reviewers build on it.

export const ACTIVITY_CSV_COLUMNS = [
  'Time (UTC)',
  'Operation name',
  'Operation',
  'Status',
  'Event initiated by',
  'Description',
  'Subscription',
  'Resource group',
  'Resource',
  'Resource type',
  'Level',
  'Correlation ID',
  'Event ID',
] as const;

/** UTF-8 byte-order mark: Excel reads the file as UTF-8 only when it starts with one (Japanese text). */
export const UTF8_BOM = '\uFEFF';

// A spreadsheet evaluates a cell that starts with one of these as a formula (OWASP "CSV injection").
// papaparse's own `escapeFormulae: true` is not used: its pattern /^[=+\-@\t\r].*$/ has no `s`
// flag, so "=HYPERLINK(…)" followed by a line break slips through unescaped.
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes a ' to a value a spreadsheet would run as a formula; other values are unchanged. */
export function formulaSafe(value: string): string {
  const first = value.charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${value}` : value;
}

// What ARM (and the emulator) send: already UTC with milliseconds and "Z". Checking the shape is
// much cheaper than Date.parse + toISOString, which a 100,000-event export would pay per row.
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ISO 8601 in UTC with an explicit "Z" (the wire may carry another offset or none). */
export function isoUtc(timestamp: string): string {
  if (ISO_UTC_MS.test(timestamp)) return timestamp;
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? timestamp : new Date(time).toISOString();
}

/**
 * One event as the CSV row in ACTIVITY_CSV_COLUMNS order, every cell formula-safe. The
 * subscription column holds the display name when `subscriptionNames` knows it, else the id.
 */
export function activityCsvRow(event: EventData, subscriptionNames: Readonly<Record<string, string>> = {}): string[] {
  const subscription = subscriptionNames[event.subscriptionId.toLowerCase()] ?? event.subscriptionId;
  // One array, written in place: a second array per row (`.map`) is 100,000 extra allocations.
  const row = [
    isoUtc(event.eventTimestamp),
    event.operationName.localizedValue || event.operationName.value,
    event.operationName.value,
    event.status.localizedValue || event.status.value,
    event.caller,
    event.description,
    subscription,
    event.resourceGroupName,
    event.resourceId,
    event.resourceType.value,
    event.level,
    event.correlationId,
    event.eventDataId,
  ];
  for (let i = 0; i < row.length; i++) row[i] = formulaSafe(row[i] ?? '');
  return row;
}

// Every field quoted, quotes doubled, CRLF between rows: what papaparse's unparse writes with
// `quotes: true` and `newline: "\r\n"` (the tests hold this writer to papaparse's output). Written
// here because the export's one job is that format, and unparse checks each field for the cases
// it does not have (types, dates, formulas, delimiters): bench/csv-bench.ts, alternating runs,
// slices of a 100,000-event export 554-715 → 507-652 ms.
const QUOTE = /"/g;

/** One row as a CSV line (no line end), onto `text`: every field quoted, its quotes doubled. */
function appendCsvLine(text: string, row: readonly string[]): string {
  for (let i = 0; i < row.length; i++) {
    const value = row[i] ?? '';
    text += (i === 0 ? '"' : ',"') + (value.includes('"') ? value.replace(QUOTE, '""') : value) + '"';
  }
  return text;
}

/** The quoted header line (no BOM, no line end). */
export const ACTIVITY_CSV_HEADER = appendCsvLine('', ACTIVITY_CSV_COLUMNS);

/** What every file starts with: the BOM and the header line. */
export const ACTIVITY_CSV_PREAMBLE = UTF8_BOM + ACTIVITY_CSV_HEADER;

/**
 * Rows as the text that follows the preamble (or the previous chunk): "\r\n" then the rows as
 * papaparse writes them (every field quoted, quotes doubled, CRLF between rows); "" for no rows.
 * An export built chunk by chunk (a worker receiving slices) is PREAMBLE + the chunks in order,
 * byte for byte the text of one activityCsvText call.
 */
export function activityCsvRowsChunk(rows: readonly (readonly string[])[]): string {
  // One string built by appending (a rope), flattened once when it is encoded.
  let text = '';
  for (const row of rows) text = appendCsvLine(`${text}\r\n`, row);
  return text;
}

/** Events straight to their chunk (see activityCsvRowsChunk): one slice of an export. */
export function activityCsvChunk(events: readonly EventData[], subscriptionNames: Readonly<Record<string, string>> = {}): string {
  const rows = new Array<string[]>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    rows[i] = event === undefined ? [] : activityCsvRow(event, subscriptionNames);
  }
  return activityCsvRowsChunk(rows);
}

/** Header and rows as CSV text (CRLF, every field quoted), preceded by the UTF-8 BOM. */
export function activityCsvText(rows: readonly (readonly string[])[]): string {
  return ACTIVITY_CSV_PREAMBLE + activityCsvRowsChunk(rows);
}

/** "2026-11-23T09:00:00.000Z" → "2026-11-23T0900Z" (no colons: Windows refuses them in file names). */
function compactUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  const text = new Date(time).toISOString();
  return `${text.slice(0, 10)}T${text.slice(11, 13)}${text.slice(14, 16)}Z`;
}

/** Characters file systems refuse or scripts trip over become "-". */
function fileNamePart(text: string): string {
  const cleaned = text.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'unnamed' : cleaned.slice(0, 80);
}

/** `jit-activity_<vm-or-subscription>_<from>_<to>.csv`, e.g. jit-activity_vm-web-01_2026-11-23T0900Z_2026-11-30T0900Z.csv. */
export function activityCsvFileName(args: { scope: 'vm' | 'subscription'; name: string; from: string; to: string }): string {
  const name = args.scope === 'vm' ? fileNamePart(args.name) : `subscription-${fileNamePart(args.name)}`;
  return `jit-activity_${name}_${compactUtc(args.from)}_${compactUtc(args.to)}.csv`;
}
