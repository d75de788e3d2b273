import { queryOptions } from '@tanstack/react-query';
import type { EventData } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { activityKeys } from './query-keys';
import { z } from 'zod';

export interface ActivityQuery {
  subscriptionId: string;
  /** ISO 8601; the activity log requires a time range. */
  from: string;
  to: string;
  resourceUri?: string | undefined;
}

// Checked for the fields the activity log view relies on; the rest passes through as Azure sends it.
const eventSchema = z.looseObject({ id: z.string(), eventTimestamp: z.string(), correlationId: z.string() });

// OData string literals double their single quotes.
const odataString = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function activityFilter(query: ActivityQuery): string {
  let filter = `eventTimestamp ge ${odataString(query.from)} and eventTimestamp le ${odataString(query.to)}`;
  if (query.resourceUri !== undefined) filter += ` and resourceUri eq ${odataString(query.resourceUri)}`;
  return filter;
}

/** Activity log events (Microsoft.Insights eventtypes/management/values), every page. */
export function listActivityEvents(query: ActivityQuery, signal?: AbortSignal): Promise<EventData[]> {
  return armListAll(
    `/subscriptions/${encodeURIComponent(query.subscriptionId)}/providers/Microsoft.Insights/eventtypes/management/values`,
    API_VERSIONS.activityLog,
    (item): EventData => {
      eventSchema.parse(item);
      return item as EventData;
    },
    { query: { $filter: activityFilter(query) }, signal },
  );
}

export function listActivityEventsQueryOptions(query: ActivityQuery) {
  return queryOptions({
    queryKey: activityKeys.list(query),
    queryFn: ({ signal }) => listActivityEvents(query, signal),
  });
}
