/** How many saved VMs the pane names (each with its "View NSG rules" button) before it only counts. */
export const SAVED_NAMES_SHOWN = 5;

/**
 * What the pane's success message lists: every VM of a small save, the first few of a bulk one
 * (enabling 500 VMs would otherwise print 500 names and render 500 buttons) and how many more.
 */
export function savedSummary<T>(saved: readonly T[], limit: number = SAVED_NAMES_SHOWN): { shown: readonly T[]; more: number } {
  if (saved.length <= limit) return { shown: saved, more: 0 };
  return { shown: saved.slice(0, limit), more: saved.length - limit };
}
