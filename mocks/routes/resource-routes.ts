import type { RequestHandler } from 'msw';
import type { ArmProvider } from '../arm-config';
import { cachedListPage, json, pageOf, armRoute } from '../arm';
import { resourceNotFound } from '../arm-error';
import type { EmulatorStore, ResourceTable } from '../store';
import { expireDueRequests } from './route-helpers';

/** The three read routes ARM offers for a resource type: list in subscription, list in resource group, get by id. */
export function resourceReadRoutes<T extends { id: string }>(
  baseUrl: string,
  spec: {
    provider: ArmProvider;
    /** e.g. "Microsoft.Network/networkSecurityGroups" */
    resourceType: string;
    table: (store: EmulatorStore) => ResourceTable<T>;
    /** Network resources show the rules JIT wrote, so due expiries are applied first. */
    reflectsJit?: boolean;
  },
): RequestHandler[] {
  const { provider, resourceType, table } = spec;
  const readAction = `${resourceType}/read`;
  const byResourceGroup = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${resourceType}`;
  return [
    armRoute(baseUrl, 'get', `/subscriptions/:subscriptionId/providers/${resourceType}`, { provider, action: readAction }, async (context) => {
      const subscriptionId = context.params.subscriptionId ?? '';
      if (spec.reflectsJit) await expireDueRequests(context, subscriptionId);
      const resources = table(context.store);
      return cachedListPage(context, resources, resources.version(subscriptionId), () => pageOf(context, resources.inSubscription(subscriptionId), context.runtime.pageSizes.resources));
    }),
    armRoute(baseUrl, 'get', byResourceGroup, { provider, action: readAction }, async (context) => {
      const { subscriptionId = '', resourceGroupName = '' } = context.params;
      if (spec.reflectsJit) await expireDueRequests(context, subscriptionId);
      const resources = table(context.store);
      return cachedListPage(context, resources, resources.version(subscriptionId), () =>
        pageOf(context, resources.inResourceGroup(subscriptionId, resourceGroupName), context.runtime.pageSizes.resources),
      );
    }),
    armRoute(
      baseUrl,
      'get',
      `${byResourceGroup}/:name`,
      {
        provider,
        action: readAction,
        scope: (params) => `/subscriptions/${params.subscriptionId ?? ''}/resourceGroups/${params.resourceGroupName ?? ''}/providers/${resourceType}/${params.name ?? ''}`,
      },
      async (context) => {
        const { subscriptionId = '', resourceGroupName = '', name = '' } = context.params;
        if (spec.reflectsJit) await expireDueRequests(context, subscriptionId);
        const resource = table(context.store).get(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${resourceType}/${name}`);
        if (!resource) throw resourceNotFound(resourceType, name, resourceGroupName);
        return json(resource);
      },
    ),
  ];
}
