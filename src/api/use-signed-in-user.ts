import { useCallback, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getSignedInUser, setSignedInUser, subscribeSignedInUser, type SignedInUser } from './session';

export function useSignedInUser(): SignedInUser {
  return useSyncExternalStore(subscribeSignedInUser, getSignedInUser, getSignedInUser);
}

/** Switches the emulator user; everything cached was read with the previous user's rights. */
export function useSwitchUser(): (user: SignedInUser) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (user: SignedInUser) => {
      setSignedInUser(user);
      void queryClient.resetQueries();
    },
    [queryClient],
  );
}
