import { queryOptions } from '@tanstack/react-query';
import type { JitNetworkAccessPolicy } from '../domain/jit-types';
import { API_VERSIONS, armGet } from './arm-client';
import { jitPolicyPath, type JitPolicyLocator } from './jit-policy-path';
import { jitPolicyKeys } from './query-keys';
import { jitPolicySchema } from './wire/jit-policy-schema';

/** JIT policy Get: the fresh etag and VM list a write must merge into. */
export function getJitPolicy(locator: JitPolicyLocator, signal?: AbortSignal): Promise<JitNetworkAccessPolicy> {
  return armGet(jitPolicyPath(locator), API_VERSIONS.jit, (body): JitNetworkAccessPolicy => jitPolicySchema.parse(body), signal);
}

export function getJitPolicyQueryOptions(locator: JitPolicyLocator) {
  return queryOptions({
    queryKey: jitPolicyKeys.detail(jitPolicyPath(locator)),
    queryFn: ({ signal }) => getJitPolicy(locator, signal),
  });
}
