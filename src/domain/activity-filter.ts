// The activity log's search: a time span turned into an eventTimestamp range, and the OData
// $filter the Insights API takes (Microsoft.Insights eventtypes/management/values, 2015-04-01).

export const TIME_SPANS = ['1h', '6h', '24h', '7d', 'custom'] as const;
export type TimeSpan = (typeof TIME_SPANS)[number];

const SPAN_MS: Readonly<Record<Exclude<TimeSpan, 'custom'>, number>> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

/** The Insights API refuses a range longer than 90 days. */
export const MAX_ACTIVITY_RANGE_MS = 90 * 24 * 3_600_000;

export function isTimeSpan(value: unknown): value is TimeSpan {
  return typeof value === 'string' && (TIME_SPANS as readonly string[]).includes(value);
}

export interface TimeRange {
  /** ISO 8601 in UTC ("…Z"). */
  from: string;
  to: string;
}

export type TimeRangeResult = { ok: true; range: TimeRange } | { ok: false; problem: 'invalidDate' | 'endBeforeStart' | 'tooLong' };

/**
 * A preset span ends at `now` and reaches back its length; a custom range takes the two given
 * instants (any ISO 8601 the platform parses) and must be ordered and at most 90 days long.
 */
export function timeRangeOf(span: TimeSpan, now: Date, custom?: { from?: string | undefined; to?: string | undefined }): TimeRangeResult {
  if (span !== 'custom') {
    return { ok: true, range: { from: new Date(now.getTime() - SPAN_MS[span]).toISOString(), to: now.toISOString() } };
  }
  const from = Date.parse(custom?.from ?? '');
  const to = Date.parse(custom?.to ?? '');
  if (Number.isNaN(from) || Number.isNaN(to)) return { ok: false, problem: 'invalidDate' };
  if (to < from) return { ok: false, problem: 'endBeforeStart' };
  if (to - from > MAX_ACTIVITY_RANGE_MS) return { ok: false, problem: 'tooLong' };
  return { ok: true, range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
}

export interface ActivityFilterInput extends TimeRange {
  resourceUri?: string | undefined;
  resourceGroupName?: string | undefined;
  operationName?: string | undefined;
  status?: string | undefined;
  caller?: string | undefined;
}

// OData string literals double their single quotes.
export function odataString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `eventTimestamp ge '<from>' and eventTimestamp le '<to>'` (the API requires the range) followed
 * by one `and <field> eq '<value>'` per given, non-empty field, in a fixed order.
 */
export function activityODataFilter(input: ActivityFilterInput): string {
  let filter = `eventTimestamp ge ${odataString(input.from)} and eventTimestamp le ${odataString(input.to)}`;
  const fields = [
    ['resourceUri', input.resourceUri],
    ['resourceGroupName', input.resourceGroupName],
    ['operationName', input.operationName],
    ['status', input.status],
    ['caller', input.caller],
  ] as const;
  for (const [field, value] of fields) {
    if (value !== undefined && value !== '') filter += ` and ${field} eq ${odataString(value)}`;
  }
  return filter;
}
