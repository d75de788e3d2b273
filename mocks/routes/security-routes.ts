import type { RequestHandler } from 'msw';
import { JIT_ACTIONS } from '../../src/domain/permissions';
import { cachedListPage, json, pageOf, readJsonBody, armRoute, type ArmContext } from '../arm';
import { ArmError, resourceNotFound } from '../arm-error';
import { deletePolicy, initiateRequest, policyId, putPolicy, type PolicyAddress } from '../jit-service';
import { expireDueRequests } from './route-helpers';

const JIT = '/providers/Microsoft.Security/locations/:ascLocation/jitNetworkAccessPolicies';
const POLICY = `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName${JIT}/:jitNetworkAccessPolicyName`;

function address(context: ArmContext): PolicyAddress {
  const { subscriptionId = '', resourceGroupName = '', ascLocation = '', jitNetworkAccessPolicyName = '' } = context.params;
  return { subscriptionId, resourceGroupName, location: ascLocation, name: jitNetworkAccessPolicyName };
}

function policyScope(params: Record<string, string>): string {
  return policyId({
    subscriptionId: params.subscriptionId ?? '',
    resourceGroupName: params.resourceGroupName ?? '',
    location: params.ascLocation ?? '',
    name: params.jitNetworkAccessPolicyName ?? '',
  });
}

function sameText(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function securityRoutes(baseUrl: string): RequestHandler[] {
  const jit = { provider: 'securityJit' } as const;
  return [
    // --- pricings (the VirtualMachines plan gates JIT) ---
    armRoute(baseUrl, 'get', '/subscriptions/:subscriptionId/providers/Microsoft.Security/pricings', { provider: 'securityPricings', action: 'Microsoft.Security/pricings/read' }, (context) =>
      json({ value: context.store.pricings.inSubscription(context.params.subscriptionId ?? '') }),
    ),
    armRoute(baseUrl, 'get', '/subscriptions/:subscriptionId/providers/Microsoft.Security/pricings/:pricingName', { provider: 'securityPricings', action: 'Microsoft.Security/pricings/read' }, (context) => {
      const { subscriptionId = '', pricingName = '' } = context.params;
      const pricing = context.store.pricings.get(`/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${pricingName}`);
      if (!pricing) throw resourceNotFound('Microsoft.Security/pricings', pricingName);
      return json(pricing);
    }),

    // --- the 8 jitNetworkAccessPolicies operations (api-version 2020-01-01) ---
    armRoute(baseUrl, 'get', '/subscriptions/:subscriptionId/providers/Microsoft.Security/jitNetworkAccessPolicies', { ...jit, action: JIT_ACTIONS.read }, async (context) => {
      const subscriptionId = context.params.subscriptionId ?? '';
      await expireDueRequests(context, subscriptionId);
      const policies = context.store.jitPolicies;
      return cachedListPage(context, policies, policies.version(subscriptionId), () => pageOf(context, policies.inSubscription(subscriptionId), context.runtime.pageSizes.policies));
    }),
    armRoute(baseUrl, 'get', `/subscriptions/:subscriptionId${JIT}`, { ...jit, action: JIT_ACTIONS.read }, async (context) => {
      const { subscriptionId = '', ascLocation = '' } = context.params;
      await expireDueRequests(context, subscriptionId);
      const inRegion = context.store.jitPolicies.inSubscription(subscriptionId).filter((policy) => sameText(ascLocation, policy.location));
      return json(pageOf(context, inRegion, context.runtime.pageSizes.policies));
    }),
    armRoute(
      baseUrl,
      'get',
      '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.Security/jitNetworkAccessPolicies',
      { ...jit, action: JIT_ACTIONS.read },
      async (context) => {
        const { subscriptionId = '', resourceGroupName = '' } = context.params;
        await expireDueRequests(context, subscriptionId);
        return json(pageOf(context, context.store.jitPolicies.inResourceGroup(subscriptionId, resourceGroupName), context.runtime.pageSizes.policies));
      },
    ),
    armRoute(baseUrl, 'get', `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName${JIT}`, { ...jit, action: JIT_ACTIONS.read }, async (context) => {
      const { subscriptionId = '', resourceGroupName = '', ascLocation = '' } = context.params;
      await expireDueRequests(context, subscriptionId);
      const policies = context.store.jitPolicies.inResourceGroup(subscriptionId, resourceGroupName);
      const inRegion = (function* () {
        for (const policy of policies) if (sameText(ascLocation, policy.location)) yield policy;
      })();
      return json(pageOf(context, inRegion, context.runtime.pageSizes.policies));
    }),
    armRoute(baseUrl, 'get', POLICY, { ...jit, action: JIT_ACTIONS.read, scope: policyScope }, async (context) => {
      const where = address(context);
      await expireDueRequests(context, where.subscriptionId);
      const policy = context.store.jitPolicies.get(policyId(where));
      if (!policy) throw resourceNotFound('Microsoft.Security/locations/jitNetworkAccessPolicies', `${where.location}/${where.name}`, where.resourceGroupName);
      return json(policy, 200, policy.etag ? { ETag: policy.etag } : {});
    }),
    armRoute(baseUrl, 'put', POLICY, { ...jit, action: JIT_ACTIONS.write, scope: policyScope }, async (context) => {
      const where = address(context);
      const body = await readJsonBody(context);
      await expireDueRequests(context, where.subscriptionId);
      const policy = putPolicy({
        ...where,
        store: context.store,
        now: context.now,
        correlationId: context.correlationId,
        body,
        ifMatch: context.request.headers.get('if-match'),
        caller: context.user,
      });
      await context.runtime.commit();
      return json(policy, 200, policy.etag ? { ETag: policy.etag } : {});
    }),
    armRoute(baseUrl, 'delete', POLICY, { ...jit, action: JIT_ACTIONS.delete, scope: policyScope }, async (context) => {
      const where = address(context);
      await expireDueRequests(context, where.subscriptionId);
      const deleted = deletePolicy({ ...where, store: context.store, now: context.now, correlationId: context.correlationId, caller: context.user });
      if (!deleted) return new Response(null, { status: 204 });
      await context.runtime.commit();
      return new Response(null, { status: 200 });
    }),
    armRoute(
      baseUrl,
      'post',
      `${POLICY}/:jitNetworkAccessPolicyInitiateType`,
      { ...jit, action: JIT_ACTIONS.initiate, scope: policyScope },
      async (context) => {
        const type = context.params.jitNetworkAccessPolicyInitiateType ?? '';
        if (type !== 'initiate') {
          throw new ArmError(400, 'InvalidParameter', `jitNetworkAccessPolicyInitiateType '${type}' is not supported: the only action is 'initiate'.`, {
            target: 'jitNetworkAccessPolicyInitiateType',
          });
        }
        const where = address(context);
        const body = await readJsonBody(context);
        await expireDueRequests(context, where.subscriptionId);
        const request = initiateRequest({ ...where, store: context.store, now: context.now, correlationId: context.correlationId, body, caller: context.user });
        await context.runtime.commit();
        return json(request, 202);
      },
    ),
  ];
}
