import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { activityODataFilter } from '../domain/activity-filter';
import type { EventData } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { activityKeys } from './query-keys';

export interface ActivityQuery {
  subscriptionId: string;
  /** ISO 8601; the activity log requires a time range. */
  from: string;
  to: string;
  resourceUri?: string | undefined;
  operationName?: string | undefined;
  status?: string | undefined;
  caller?: string | undefined;
}

// Checked for the fields the activity log view and its CSV rely on; the rest passes through as Azure sends it.
const localizable = z.looseObject({ value: z.string(), localizedValue: z._default(z.string(), '') });
const eventSchema = z.looseObject({
  id: z.string(),
  eventTimestamp: z.string(),
  correlationId: z.string(),
  caller: z._default(z.string(), ''),
  description: z._default(z.string(), ''),
  subscriptionId: z._default(z.string(), ''),
  resourceGroupName: z._default(z.string(), ''),
  resourceId: z._default(z.string(), ''),
  operationName: localizable,
  status: localizable,
});

export function activityFilter(query: ActivityQuery): string {
  return activityODataFilter(query);
}

/** Activity log events (Microsoft.Insights eventtypes/management/values), every page (nextLink). */
export function listActivityEvents(query: ActivityQuery, signal?: AbortSignal): Promise<EventData[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(query.subscriptionId)}/providers/Microsoft.Insights/eventtypes/management/values`,
    API_VERSIONS.activityLog,
    // The defaults fill what the view reads; everything else passes through as Azure sent it.
    (item): EventData => eventSchema.parse(item) as unknown as EventData,
    { query: { $filter: activityFilter(query) }, signal },
  );
}

export function listActivityEventsQueryOptions(query: ActivityQuery) {
  return queryOptions({
    // The equality filters narrow the same range, so they go after the range in the key.
    queryKey: [...activityKeys.list(query), query.operationName ?? '', query.status ?? '', query.caller?.toLowerCase() ?? ''] as const,
    queryFn: ({ signal }) => listActivityEvents(query, signal),
  });
}
