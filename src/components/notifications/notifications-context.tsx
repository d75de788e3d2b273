import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { createNotificationsStore, type AppNotification, type NotificationsStore } from './notifications-store';

const NotificationsContext = createContext<NotificationsStore | undefined>(undefined);

export function NotificationsProvider({ store, children }: { store: NotificationsStore; children: ReactNode }) {
  return <NotificationsContext.Provider value={store}>{children}</NotificationsContext.Provider>;
}

// Outside a provider (isolated component tests) notifications go to a private store.
const fallbackStore = createNotificationsStore();

export function useNotificationsStore(): NotificationsStore {
  return useContext(NotificationsContext) ?? fallbackStore;
}

export function useNotifications(): readonly AppNotification[] {
  const store = useNotificationsStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
