import { ARM_BASE_URL } from './arm-config';
import { makeUnsignedToken } from './identity';

// A minimal ARM client for the emulator's own tests (plain fetch, as an Azure SDK would send).

export const USERS = {
  admin: { upn: 'admin@contoso.com', name: 'Alex Admin' },
  requester: { upn: 'requester@contoso.com', name: 'Riley Requester' },
  reader: { upn: 'reader@contoso.com', name: 'Robin Reader' },
} as const;

export type TestUser = keyof typeof USERS;

export interface ArmCall {
  as?: TestUser | null;
  apiVersion?: string | null;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ArmAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function arm(path: string, call: ArmCall = {}): Promise<ArmAnswer> {
  const url = new URL(path.startsWith('http') ? path : `${ARM_BASE_URL}${path}`);
  if (call.apiVersion !== null && !url.searchParams.has('api-version')) url.searchParams.set('api-version', call.apiVersion ?? '2020-01-01');
  const headers: Record<string, string> = { ...call.headers };
  const as = call.as === undefined ? 'admin' : call.as;
  if (as !== null) headers.Authorization = `Bearer ${makeUnsignedToken(USERS[as])}`;
  if (call.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(url, {
    method: call.method ?? 'GET',
    headers,
    ...(call.body !== undefined ? { body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

/** Reads a nested property of an unknown JSON value (tests only). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
