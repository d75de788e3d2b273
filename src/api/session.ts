// Who the console speaks for. The emulator accepts an unsigned JWT whose upn/name claims name one
// of its users; a real deployment would swap this module for MSAL without touching the callers.

const STORAGE_KEY = 'jit.signedInUser';

export interface SignedInUser {
  upn: string;
  name: string;
}

export const DEFAULT_USER: SignedInUser = { upn: 'admin@contoso.com', name: 'Admin' };

const listeners = new Set<() => void>();
let current: SignedInUser | undefined;

function readStored(): SignedInUser {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        'upn' in parsed &&
        'name' in parsed &&
        typeof parsed.upn === 'string' &&
        typeof parsed.name === 'string'
      ) {
        return { upn: parsed.upn, name: parsed.name };
      }
    }
  } catch {
    // Storage unavailable or corrupt: fall back to the default user.
  }
  return DEFAULT_USER;
}

export function getSignedInUser(): SignedInUser {
  current ??= readStored();
  return current;
}

export function setSignedInUser(user: SignedInUser): void {
  current = user;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}

export function subscribeSignedInUser(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** header.payload. with alg "none": what the emulator's identity layer reads. */
export function makeUnsignedJwt(user: SignedInUser, issuedAtSeconds: number): string {
  const header = base64Url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64Url(JSON.stringify({ upn: user.upn, name: user.name, iat: issuedAtSeconds }));
  return `${header}.${payload}.`;
}

export function getAccessToken(): string | undefined {
  return makeUnsignedJwt(getSignedInUser(), Math.floor(Date.now() / 1000));
}
