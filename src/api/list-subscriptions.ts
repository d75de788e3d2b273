import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import type { Subscription } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { subscriptionKeys } from './query-keys';

// Subscriptions carry `subscriptionId` and `displayName` rather than `name`.
const subscriptionSchema = z.looseObject({
  id: z.string(),
  subscriptionId: z.string(),
  tenantId: z._default(z.string(), ''),
  displayName: z.string(),
  state: z._default(z.enum(['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted']), 'Enabled'),
});

const parseSubscription = (item: unknown): Subscription => subscriptionSchema.parse(item);

/** Subscriptions the signed-in user can see (Resources, Subscriptions - List). */
export function listSubscriptions(signal?: AbortSignal): Promise<Subscription[]> {
  return armListAll('/subscriptions', API_VERSIONS.resources, parseSubscription, { signal });
}

export function listSubscriptionsQueryOptions() {
  return queryOptions({
    queryKey: subscriptionKeys.list(),
    queryFn: ({ signal }) => listSubscriptions(signal),
  });
}
