// Strings of the enable/edit, request access, remove and NSG rules panes (English: the source of keys). Keys are namespaced 'pane.*' and every key must have a Japanese entry.
export const enPanes = {
  'pane.close': 'Close',
} as const;
