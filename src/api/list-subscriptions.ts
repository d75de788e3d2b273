import { queryOptions } from '@tanstack/react-query';
import type { Subscription } from '../domain/arm-types';
import { API_VERSIONS, armListAll } from './arm-client';
import { subscriptionKeys } from './query-keys';
import { oneOf, record, string } from './wire/guards';

const SUBSCRIPTION_STATES = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] as const;

/**
 * Subscriptions carry `subscriptionId` and `displayName` rather than `name`. Other fields pass
 * through as Azure sends them; a missing tenantId is '' and a missing state 'Enabled'.
 */
export function parseSubscription(item: unknown): Subscription {
  const value = record(item, 'subscription');
  return {
    ...value,
    id: string(value.id, 'subscription.id'),
    subscriptionId: string(value.subscriptionId, 'subscription.subscriptionId'),
    tenantId: value.tenantId === undefined ? '' : string(value.tenantId, 'subscription.tenantId'),
    displayName: string(value.displayName, 'subscription.displayName'),
    state: value.state === undefined ? 'Enabled' : oneOf(value.state, SUBSCRIPTION_STATES, 'subscription.state'),
  };
}

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
