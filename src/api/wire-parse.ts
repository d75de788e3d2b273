import * as z from 'zod/mini';

// Until the emulator engineer's zod wire schemas (src/api/wire/) cover a resource, lists are
// checked only for the envelope every ARM resource shares (id, name) and typed by the domain's
// wire types. Swap a `armResource<T>()` for the real schema's `.parse` when it lands.
const armResourceSchema = z.looseObject({ id: z.string(), name: z.string() });

export function armResource<T>(): (item: unknown) => T {
  return (item) => {
    armResourceSchema.parse(item);
    return item as T;
  };
}
