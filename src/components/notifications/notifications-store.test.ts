import { expect, test } from 'vitest';
import { createNotificationsStore } from './notifications-store';

test('an action pushes progress, then its outcome replaces it and is unread again', () => {
  const store = createNotificationsStore(() => 1000);
  let changes = 0;
  store.subscribe(() => (changes += 1));
  const id = store.push({ title: 'Enabling JIT on vm-web-01', status: 'inProgress' });
  store.markAllRead();
  expect(store.getSnapshot()[0]).toMatchObject({ status: 'inProgress', read: true });
  store.update(id, { status: 'success', message: 'Saved' });
  expect(store.getSnapshot()).toEqual([{ id, title: 'Enabling JIT on vm-web-01', status: 'success', message: 'Saved', createdAt: 1000, read: false }]);
  expect(changes).toBe(3);
});

test('newest first; dismiss and clear remove entries', () => {
  const store = createNotificationsStore();
  const first = store.push({ title: 'one', status: 'info' });
  store.push({ title: 'two', status: 'error' });
  expect(store.getSnapshot().map((n) => n.title)).toEqual(['two', 'one']);
  store.dismiss(first);
  expect(store.getSnapshot().map((n) => n.title)).toEqual(['two']);
  store.clear();
  expect(store.getSnapshot()).toEqual([]);
});
