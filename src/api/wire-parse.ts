import { armResourceEnvelope } from './wire/guards';

// Until a resource has its own wire schema (src/api/wire/), lists are checked only for the
// envelope every ARM resource shares (id, name) and typed by the domain's wire types. The check is
// hand-written (wire/guards.ts), not zod: it runs on every VM of a 10,000-VM fleet, and zod on the
// blade's path would bring zod's core into the initial script.
export function armResource<T>(): (item: unknown) => T {
  return (item) => armResourceEnvelope(item) as T;
}
