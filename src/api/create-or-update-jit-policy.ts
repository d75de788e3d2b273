import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { JitNetworkAccessPolicy, JitNetworkAccessPolicyInput } from '../domain/jit-types';
import { API_VERSIONS, armRequest } from './arm-client';
import { jitPolicyPath, type JitPolicyLocator } from './jit-policy-path';
import { invalidateAfterJitWrite } from './query-keys';
import { jitPolicySchema } from './wire/jit-policy-schema';

export interface CreateOrUpdateJitPolicyArgs {
  locator: JitPolicyLocator;
  /** The whole policy: PUT replaces it, so callers merge with what they read first. */
  input: JitNetworkAccessPolicyInput;
  /** The etag that was read; the emulator answers 412 when someone wrote in between. */
  etag?: string | undefined;
}

/** JIT policy CreateOrUpdate (PUT → 200). Safe to retry: the same body gives the same result. */
export async function createOrUpdateJitPolicy(args: CreateOrUpdateJitPolicyArgs): Promise<JitNetworkAccessPolicy> {
  const response = await armRequest({
    method: 'PUT',
    path: jitPolicyPath(args.locator),
    apiVersion: API_VERSIONS.jit,
    body: args.input,
    headers: args.etag === undefined ? {} : { 'If-Match': args.etag },
  });
  return jitPolicySchema.parse(response.body);
}

export function useCreateOrUpdateJitPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrUpdateJitPolicy,
    // JIT writes deny rules into NSGs and firewalls, so those lists change too.
    onSettled: () => invalidateAfterJitWrite(queryClient),
  });
}
