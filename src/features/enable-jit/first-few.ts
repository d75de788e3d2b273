/** How many VMs the pane names (each saved one with its "View NSG rules" button) before it only counts. */
export const NAMES_SHOWN = 5;

/**
 * What the pane lists of a set of VMs (the ones it enables, the ones it saved): all of a few, the
 * first ones of a bulk enable (500 VMs would otherwise print 500 names and render 500 buttons) and
 * how many more.
 */
export function firstFew<T>(items: readonly T[], limit: number = NAMES_SHOWN): { shown: readonly T[]; more: number } {
  if (items.length <= limit) return { shown: items, more: 0 };
  return { shown: items.slice(0, limit), more: items.length - limit };
}
