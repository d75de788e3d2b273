import { isTimeSpan, type TimeSpan } from '../../domain/activity-filter';

/**
 * The activity log's view as URL parameters, so a link reproduces it:
 * vm (a VM id: that VM's log), sub (subscription-wide view), span (1h|6h|24h|7d|custom, default 24h),
 * from/to (custom range, ISO 8601), op (operationName), status, by (caller).
 */
export interface ActivitySearch {
  vm?: string | undefined;
  sub?: string | undefined;
  span: TimeSpan;
  from?: string | undefined;
  to?: string | undefined;
  op?: string | undefined;
  status?: string | undefined;
  by?: string | undefined;
}

export const DEFAULT_SPAN: TimeSpan = '24h';

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

export function parseActivitySearch(params: Readonly<Record<string, string>>): ActivitySearch {
  const span = params.span;
  return {
    vm: nonEmpty(params.vm),
    sub: nonEmpty(params.sub),
    span: isTimeSpan(span) ? span : DEFAULT_SPAN,
    from: nonEmpty(params.from),
    to: nonEmpty(params.to),
    op: nonEmpty(params.op),
    status: nonEmpty(params.status),
    by: nonEmpty(params.by),
  };
}

/** The inverse of parseActivitySearch: only set fields, the default span left out, from/to only for a custom range. */
export function activitySearchParams(search: ActivitySearch): Record<string, string> {
  const params: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') params[key] = value;
  };
  set('vm', search.vm);
  set('sub', search.sub);
  if (search.span !== DEFAULT_SPAN) params.span = search.span;
  if (search.span === 'custom') {
    set('from', search.from);
    set('to', search.to);
  }
  set('op', search.op);
  set('status', search.status);
  set('by', search.by);
  return params;
}
