import type { RequestHandler } from 'msw';
import type { EventData } from '../../src/domain/arm-types';
import { json, pageOf, armRoute } from '../arm';
import { ArmError } from '../arm-error';
import { expireDueRequests } from './route-helpers';

const MAX_RANGE_MS = 90 * 24 * 3_600_000;

interface EventFilter {
  from: string;
  to: string;
  equals: { field: 'resourceUri' | 'resourceGroupName' | 'operationName' | 'status' | 'caller' | 'correlationId'; value: string }[];
}

const EQUALITY_FIELDS = ['resourceUri', 'resourceGroupName', 'operationName', 'status', 'caller', 'correlationId'] as const;

function badFilter(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, { target: '$filter' });
}

/** Parses the activity log's OData `$filter`: `eventTimestamp ge '…' and eventTimestamp le '…'` (required) plus `and field eq '…'` clauses. */
export function parseEventFilter(filter: string | null): EventFilter {
  const usage = "The $filter query parameter must give a time range: eventTimestamp ge '<start>' and eventTimestamp le '<end>' (ISO 8601).";
  if (filter === null || filter.trim() === '') throw badFilter(usage);
  let from: number | undefined;
  let to: number | undefined;
  const equals: EventFilter['equals'] = [];
  for (const clause of filter.split(/\s+and\s+/i)) {
    const match = /^\s*(\w+)\s+(eq|ge|le|gt|lt)\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!match?.[1] || !match[2] || match[3] === undefined) throw badFilter(`The $filter clause "${clause.trim()}" is not supported. ${usage}`);
    const field = match[1];
    const operator = match[2].toLowerCase();
    const value = match[3].replace(/''/g, "'");
    if (field.toLowerCase() === 'eventtimestamp') {
      const time = Date.parse(value);
      if (Number.isNaN(time)) throw badFilter(`'${value}' is not a valid eventTimestamp: use an ISO 8601 date-time.`);
      if (operator === 'ge' || operator === 'gt') from = time;
      else if (operator === 'le' || operator === 'lt') to = time;
      else throw badFilter(`eventTimestamp supports only 'ge' and 'le'. ${usage}`);
      continue;
    }
    const known = EQUALITY_FIELDS.find((candidate) => candidate.toLowerCase() === field.toLowerCase());
    if (!known || operator !== 'eq') throw badFilter(`The $filter field "${field} ${operator}" is not supported; use eq on ${EQUALITY_FIELDS.join(', ')}.`);
    equals.push({ field: known, value });
  }
  if (from === undefined || to === undefined) throw badFilter(usage);
  if (to < from) throw badFilter('The end of the eventTimestamp range is before its start.');
  if (to - from > MAX_RANGE_MS) throw badFilter('The eventTimestamp range cannot exceed 90 days.');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), equals };
}

function fieldOf(event: EventData, field: EventFilter['equals'][number]['field']): string {
  switch (field) {
    case 'resourceUri':
      return event.resourceId;
    case 'resourceGroupName':
      return event.resourceGroupName;
    case 'operationName':
      return event.operationName.value;
    case 'status':
      return event.status.value;
    case 'caller':
      return event.caller;
    case 'correlationId':
      return event.correlationId;
  }
}

/** Newest first, stopping as soon as the log is older than the range. */
function* matching(events: Iterable<EventData>, filter: EventFilter): Generator<EventData> {
  for (const event of events) {
    const time = new Date(event.eventTimestamp).toISOString();
    if (time > filter.to) continue;
    if (time < filter.from) return;
    if (filter.equals.every(({ field, value }) => fieldOf(event, field).toLowerCase() === value.toLowerCase())) yield event;
  }
}

export function insightsRoutes(baseUrl: string): RequestHandler[] {
  return [
    armRoute(
      baseUrl,
      'get',
      '/subscriptions/:subscriptionId/providers/Microsoft.Insights/eventtypes/management/values',
      { provider: 'insights', action: 'Microsoft.Insights/eventtypes/values/read' },
      async (context) => {
        const filter = parseEventFilter(context.url.searchParams.get('$filter'));
        const subscriptionId = context.params.subscriptionId ?? '';
        // Like the Network and Security reads: requests past their end time expire now, so the
        // log shows their "Expired" rule removals even when it is the first thing read afterwards.
        await expireDueRequests(context, subscriptionId);
        return json(pageOf(context, matching(context.store.events.newestFirst(subscriptionId), filter), context.runtime.pageSizes.events));
      },
    ),
  ];
}
