// The portal's notification centre: long actions (enable, request access, reset) push an entry
// when they start and update it with the outcome. A tiny external store so any feature can report
// without prop drilling, and the bell re-renders through useSyncExternalStore.

export type NotificationStatus = 'inProgress' | 'success' | 'error' | 'info';

export interface AppNotification {
  id: string;
  title: string;
  message?: string | undefined;
  status: NotificationStatus;
  /** ms since epoch, for ordering and display. */
  createdAt: number;
  read: boolean;
}

export interface NotificationInput {
  title: string;
  message?: string | undefined;
  status: NotificationStatus;
}

export interface NotificationsStore {
  /** Adds an entry and returns its id, to update it when the action finishes. */
  push: (input: NotificationInput) => string;
  update: (id: string, patch: Partial<NotificationInput>) => void;
  dismiss: (id: string) => void;
  clear: () => void;
  markAllRead: () => void;
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => readonly AppNotification[];
}

export function createNotificationsStore(clock: () => number = () => Date.now()): NotificationsStore {
  let entries: readonly AppNotification[] = [];
  let sequence = 0;
  const listeners = new Set<() => void>();
  const emit = (next: readonly AppNotification[]) => {
    entries = next;
    for (const listener of listeners) listener();
  };
  return {
    push: (input) => {
      sequence += 1;
      const id = `notification-${String(sequence)}`;
      emit([{ id, ...input, createdAt: clock(), read: false }, ...entries]);
      return id;
    },
    update: (id, patch) => {
      // An outcome is news again: it becomes unread so the badge shows it.
      emit(entries.map((entry) => (entry.id === id ? { ...entry, ...patch, read: false } : entry)));
    },
    dismiss: (id) => {
      emit(entries.filter((entry) => entry.id !== id));
    },
    clear: () => {
      emit([]);
    },
    markAllRead: () => {
      if (entries.some((entry) => !entry.read)) emit(entries.map((entry) => ({ ...entry, read: true })));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => entries,
  };
}
