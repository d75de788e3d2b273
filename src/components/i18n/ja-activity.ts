// Strings of the activity log and VM page (Japanese, the seed's terms). Keys are namespaced 'activity|vmPage.*' and TypeScript checks parity with English.
import type { enActivity } from './en-activity';

export const jaActivity: Readonly<Record<keyof typeof enActivity, string>> = {
  'activity.title': 'アクティビティ ログ',
};
