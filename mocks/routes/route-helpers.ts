import type { ArmContext } from '../arm';
import { expireSubscription } from '../jit-service';

/** Expiry is computed from the clock on every read and write: apply it (and persist) before answering. */
export async function expireDueRequests(context: ArmContext, subscriptionId: string): Promise<void> {
  const changed = expireSubscription({ store: context.store, now: context.now, correlationId: context.correlationId }, subscriptionId);
  if (changed) await context.runtime.commit();
}

export function resourceGroupScope(params: Record<string, string>): string {
  return `/subscriptions/${params.subscriptionId ?? ''}/resourceGroups/${params.resourceGroupName ?? ''}`;
}
