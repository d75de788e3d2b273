import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API_VERSIONS, armRequest } from './arm-client';
import { jitPolicyPath, type JitPolicyLocator } from './jit-policy-path';
import { azureFirewallKeys, jitPolicyKeys, networkSecurityGroupKeys } from './query-keys';

/** JIT policy Delete (200, or 204 when it was already gone). */
export async function deleteJitPolicy(locator: JitPolicyLocator): Promise<void> {
  await armRequest({ method: 'DELETE', path: jitPolicyPath(locator), apiVersion: API_VERSIONS.jit });
}

export function useDeleteJitPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteJitPolicy,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: jitPolicyKeys.all }),
        queryClient.invalidateQueries({ queryKey: networkSecurityGroupKeys.all }),
        queryClient.invalidateQueries({ queryKey: azureFirewallKeys.all }),
      ]),
  });
}
