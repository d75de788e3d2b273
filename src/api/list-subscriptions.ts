import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import type { Subscription } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { subscriptionKeys } from './query-keys';

// Subscriptions carry `subscriptionId` and `displayName` rather than `name`.
const subscriptionSchema = z.looseObject({
  id: z.string(),
  subscriptionId: z.string(),
  tenantId: z.string().default(''),
  displayName: z.string(),
  state: z.enum(['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted']).default('Enabled'),
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
