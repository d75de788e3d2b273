import type { RequestHandler } from 'msw';
import { json, pageOf, armRoute } from '../arm';
import { visibleSubscriptionIds } from '../identity';
import { resourceNotFound } from '../arm-error';

export function resourcesRoutes(baseUrl: string): RequestHandler[] {
  const resources = { provider: 'resources' } as const;
  const listGroups = armRoute(baseUrl, 'get', '/subscriptions/:subscriptionId/resourcegroups', { ...resources, action: 'Microsoft.Resources/subscriptions/resourceGroups/read' }, (context) =>
    json(pageOf(context, context.store.resourceGroups.inSubscription(context.params.subscriptionId ?? ''), context.runtime.pageSizes.resources)),
  );
  return [
    // Every signed-in user may list; ARM answers only the subscriptions they hold a role in.
    armRoute(baseUrl, 'get', '/subscriptions', resources, (context) => {
      const visible = visibleSubscriptionIds(context.store, context.user);
      const subscriptions = context.store.subscriptions.all().filter((subscription) => visible.has(subscription.subscriptionId.toLowerCase()));
      return json(pageOf(context, subscriptions, context.runtime.pageSizes.resources));
    }),
    armRoute(baseUrl, 'get', '/subscriptions/:subscriptionId', { ...resources, action: 'Microsoft.Resources/subscriptions/read' }, (context) =>
      json(context.store.subscription(context.params.subscriptionId ?? '')),
    ),
    listGroups,
    armRoute(
      baseUrl,
      'get',
      '/subscriptions/:subscriptionId/resourcegroups/:groupName',
      { ...resources, action: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: (params) => `/subscriptions/${params.subscriptionId ?? ''}/resourceGroups/${params.groupName ?? ''}` },
      (context) => {
        const { subscriptionId = '', groupName = '' } = context.params;
        const group = context.store.resourceGroup(subscriptionId, groupName);
        if (!group) throw resourceNotFound('Microsoft.Resources/resourceGroups', groupName);
        return json(group);
      },
    ),
  ];
}
