import type { Page } from '@playwright/test';
import { ARM_REQUEST_MARK } from '../../mocks/browser';
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
 * the page, so the control call must go through the page's fetch like the console's own calls.
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
  /** The console's x-ms-client-request-id: the same on a request's retries, another on each new request. */
  clientRequestId: string | undefined;
  at: number;
  status?: number | undefined;
  answeredAt?: number | undefined;
}

let recorders = 0;

/**
 * Records every ARM call the page makes with its status, from now on and across reloads. The
 * emulator answers in the page, so no network event shows these calls; its interceptor leaves a
 * User Timing mark when a call is asked and a measure when it is answered (mocks/browser.ts), and
 * an observer in the page reports both to the test. Times are the page's real clock.
 */
export async function recordArmCalls(page: Page): Promise<ArmCall[]> {
  const calls: ArmCall[] = [];
  const byId = new Map<string, ArmCall>();
  const binding = `__armCallRecorder${String(++recorders)}`;
  await page.exposeBinding(binding, (_source, event: RecordedEvent) => {
    if (!event.url.startsWith(ARM) || event.url.includes('/emulator/')) return;
    if (event.status === undefined) {
      const call: ArmCall = { method: event.method, path: new URL(event.url).pathname, clientRequestId: event.clientRequestId, at: event.at };
      byId.set(event.id, call);
      calls.push(call);
      return;
    }
    const call = byId.get(event.id);
    if (call === undefined) return;
    // 0 is a network error (a dropped connection): no answer, as a browser would see it.
    if (event.status !== 0) {
      call.status = event.status;
      call.answeredAt = event.at;
    }
  });
  await page.addInitScript(observeArmCalls, { binding, mark: ARM_REQUEST_MARK });
  await page.evaluate(observeArmCalls, { binding, mark: ARM_REQUEST_MARK });
  return calls;
}

interface RecordedEvent {
  /** Unique per document and call. */
  id: string;
  method: string;
  url: string;
  clientRequestId?: string | undefined;
  at: number;
  /** Absent when the call is asked; its status when it is answered. */
  status?: number | undefined;
}

/** Runs in the page (serialised by Playwright): keep it self-contained. */
function observeArmCalls({ binding, mark }: { binding: string; mark: string }): void {
  const send = (window as unknown as Record<string, ((event: RecordedEvent) => Promise<void>) | undefined>)[binding];
  const documentId = Math.random().toString(36).slice(2);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail: unknown = (entry as PerformanceMark).detail;
      if (typeof detail !== 'object' || detail === null) continue;
      const { id, method, url, status, clientRequestId } = detail as { id?: unknown; method?: unknown; url?: unknown; status?: unknown; clientRequestId?: unknown };
      if (typeof id !== 'number' || typeof method !== 'string' || typeof url !== 'string') continue;
      const asked = entry.entryType === 'mark' && entry.name === mark;
      const answered = entry.entryType === 'measure' && typeof status === 'number';
      if (!asked && !answered) continue;
      void send?.({
        id: `${documentId}-${String(id)}`,
        method,
        url,
        clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : undefined,
        at: performance.timeOrigin + entry.startTime + (answered ? entry.duration : 0),
        status: answered ? status : undefined,
      });
    }
  }).observe({ entryTypes: ['mark', 'measure'] });
}
