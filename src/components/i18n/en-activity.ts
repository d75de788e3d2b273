// Strings of the activity log and VM page (English: the source of keys). Keys are namespaced 'activity|vmPage.*' and every key must have a Japanese entry.
export const enActivity = {
  'activity.title': 'Activity log',
} as const;
