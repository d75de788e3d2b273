import type { Page, Request } from '@playwright/test';
import { ARM } from './arm';

/** The body of PUT /emulator/faults (mocks/faults.ts FaultConfig); omitted fields are off. */
export interface Faults {
  latencyMs?: number;
  failureRate?: number;
  failureStatus?: 500 | 503 | 429;
  retryAfterSeconds?: number;
  dropRate?: number;
  methods?: string[];
  pathContains?: string;
  seed?: number;
}

/**
 * Turns the emulator's fault injection on (or, with `{}`, off) from the page: the emulator runs in
 * the page, so the control call must go through its service worker like the console's own calls.
 */
export async function setFaults(page: Page, faults: Faults): Promise<void> {
  const status = await page.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return response.status;
    },
    { url: `${ARM}/emulator/faults`, body: faults },
  );
  if (status !== 200) throw new Error(`PUT /emulator/faults answered ${String(status)}`);
}

export interface ArmCall {
  method: string;
  path: string;
  at: number;
  status?: number | undefined;
  answeredAt?: number | undefined;
}

/** Records every ARM call the page makes (served by the emulator's service worker) with its status. */
export function recordArmCalls(page: Page): ArmCall[] {
  const calls: ArmCall[] = [];
  const byRequest = new Map<Request, ArmCall>();
  page.on('request', (request) => {
    if (!request.url().startsWith(ARM) || request.url().includes('/emulator/')) return;
    const call: ArmCall = { method: request.method(), path: new URL(request.url()).pathname, at: Date.now() };
    byRequest.set(request, call);
    calls.push(call);
  });
  page.on('response', (response) => {
    const call = byRequest.get(response.request());
    if (call === undefined) return;
    call.status = response.status();
    call.answeredAt = Date.now();
  });
  return calls;
}
