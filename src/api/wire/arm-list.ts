import { z } from 'zod';

// ARM list envelope: one page of `value`, and `nextLink` (absolute URL) while more pages remain.

export interface ArmList<T> {
  value: T[];
  nextLink?: string;
}

export function armListSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    value: z.array(item),
    // ARM sends null as well as omitting it on the last page.
    nextLink: z
      .string()
      .nullish()
      .transform((link) => link ?? undefined),
  });
}
