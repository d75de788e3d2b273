import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API_VERSIONS, armRequest } from './arm-client';
import { jitPolicyPath, type JitPolicyLocator } from './jit-policy-path';
import { invalidateAfterJitWrite } from './query-keys';

/** JIT policy Delete (200, or 204 when it was already gone). */
export async function deleteJitPolicy(locator: JitPolicyLocator): Promise<void> {
  await armRequest({ method: 'DELETE', path: jitPolicyPath(locator), apiVersion: API_VERSIONS.jit });
}

export function useDeleteJitPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteJitPolicy,
    onSettled: () => invalidateAfterJitWrite(queryClient),
  });
}
