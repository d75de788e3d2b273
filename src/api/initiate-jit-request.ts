import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { JitNetworkAccessPolicyInitiateRequest, JitNetworkAccessRequest } from '../domain/jit-types';
import { API_VERSIONS, armRequest } from './arm-client';
import { jitPolicyPath, type JitPolicyLocator } from './jit-policy-path';
import { invalidateAfterJitWrite } from './query-keys';
import { jitInitiateResponseSchema } from './wire/jit-policy-schema';

export interface InitiateJitRequestArgs {
  locator: JitPolicyLocator;
  body: JitNetworkAccessPolicyInitiateRequest;
}

/** JIT Initiate (POST …/initiate → 202 with the request). Never retried: a repeat would revoke the first request. */
export async function initiateJitRequest(args: InitiateJitRequestArgs): Promise<JitNetworkAccessRequest> {
  const response = await armRequest({
    method: 'POST',
    path: `${jitPolicyPath(args.locator)}/initiate`,
    apiVersion: API_VERSIONS.jit,
    body: args.body,
    retry: false,
  });
  return jitInitiateResponseSchema.parse(response.body);
}

export function useInitiateJitRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: initiateJitRequest,
    retry: false,
    onSettled: () => invalidateAfterJitWrite(queryClient),
  });
}
