// Strings of the enable/edit, request access, remove and NSG rules panes (Japanese, the seed's terms). Keys are namespaced 'pane.*' and TypeScript checks parity with English.
import type { enPanes } from './en-panes';

export const jaPanes: Readonly<Record<keyof typeof enPanes, string>> = {
  'pane.close': '閉じる',
};
