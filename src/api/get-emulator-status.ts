import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { armRequest } from './arm-client';
import { emulatorKeys } from './query-keys';

// The emulator's control surface (not ARM): which scenario runs, its users, its clock.
export const emulatorStatusSchema = z.object({
  scenario: z.string(),
  schemaVersion: z.number(),
  notice: z.optional(z.string()),
  users: z.array(z.object({ upn: z.string(), name: z.string(), roleName: z.string() })),
  now: z.string(),
});

export type EmulatorStatus = z.infer<typeof emulatorStatusSchema>;
export type EmulatorUser = EmulatorStatus['users'][number];

export async function getEmulatorStatus(signal?: AbortSignal): Promise<EmulatorStatus> {
  const response = await armRequest({ path: '/emulator/status', signal });
  return emulatorStatusSchema.parse(response.body);
}

export function getEmulatorStatusQueryOptions() {
  return queryOptions({
    queryKey: emulatorKeys.status(),
    queryFn: ({ signal }) => getEmulatorStatus(signal),
    // Without an emulator (real Azure) this simply fails once and the UI hides emulator controls.
    retry: false,
    staleTime: Infinity,
  });
}
