import * as z from 'zod/mini';

// ARM list envelope: one page of `value`, and `nextLink` (absolute URL) while more pages remain.

export interface ArmList<T> {
  value: T[];
  nextLink?: string;
}

export function armListSchema<Item extends z.ZodMiniType>(item: Item) {
  return z.object({
    value: z.array(item),
    // ARM sends null as well as omitting it on the last page.
    nextLink: z.pipe(
      z.nullish(z.string()),
      z.transform((link: string | null | undefined) => link ?? undefined),
    ),
  });
}
