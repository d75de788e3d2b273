import { queryOptions } from '@tanstack/react-query';
import { armRequest } from './arm-client';
import { emulatorKeys } from './query-keys';
import { array, finiteNumber, optionalString, record, string } from './wire/guards';

// The emulator's control surface (not ARM): which scenario runs, its users, its clock.
export interface EmulatorUser {
  upn: string;
  name: string;
  roleName: string;
}

export interface EmulatorStatus {
  scenario: string;
  schemaVersion: number;
  notice?: string;
  users: EmulatorUser[];
  now: string;
}

/** Checked by hand (wire/guards.ts): zod on the blade's path would enlarge its initial script. */
export function parseEmulatorStatus(body: unknown): EmulatorStatus {
  const value = record(body, 'status');
  const status: EmulatorStatus = {
    scenario: string(value.scenario, 'status.scenario'),
    schemaVersion: finiteNumber(value.schemaVersion, 'status.schemaVersion'),
    users: array(value.users, 'status.users').map((entry, index) => {
      const path = `status.users[${String(index)}]`;
      const user = record(entry, path);
      return { upn: string(user.upn, `${path}.upn`), name: string(user.name, `${path}.name`), roleName: string(user.roleName, `${path}.roleName`) };
    }),
    now: string(value.now, 'status.now'),
  };
  const notice = optionalString(value.notice, 'status.notice');
  if (notice !== undefined) status.notice = notice;
  return status;
}

export async function getEmulatorStatus(signal?: AbortSignal): Promise<EmulatorStatus> {
  const response = await armRequest({ path: '/emulator/status', signal });
  return parseEmulatorStatus(response.body);
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
