import { useMutation, useQueryClient } from '@tanstack/react-query';
import { armRequest } from './arm-client';

export type EmulatorScenario = 'default' | 'large';

/** Replaces the emulator's state with a freshly built scenario. */
export async function resetEmulator(scenario: EmulatorScenario): Promise<void> {
  await armRequest({ method: 'POST', path: '/emulator/reset', body: { scenario }, retry: false });
}

export function useResetEmulator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetEmulator,
    // Every cached resource belongs to the old state.
    onSuccess: () => queryClient.resetQueries(),
  });
}
