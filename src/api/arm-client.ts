import { reportArmAnswered, reportArmUnreachable } from './arm-connectivity';
import { getAccessToken } from './session';
import { armPage, parseCloudError } from './wire/guards';

// The same build can point at real Azure or at another emulator host by setting VITE_ARM_BASE_URL.
const configuredBaseUrl = import.meta.env.VITE_ARM_BASE_URL;
export const ARM_BASE_URL: string =
  typeof configuredBaseUrl === 'string' && configuredBaseUrl !== '' ? configuredBaseUrl.replace(/\/$/, '') : 'https://management.azure.com';

/** api-versions per resource provider, as the console calls them. */
export const API_VERSIONS = {
  resources: '2022-12-01',
  compute: '2024-07-01',
  classicCompute: '2017-04-01',
  network: '2024-05-01',
  pricings: '2024-01-01',
  jit: '2020-01-01',
  policyAssignments: '2023-04-01',
  permissions: '2022-04-01',
  activityLog: '2015-04-01',
  resourceGraph: '2021-03-01',
} as const;

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** An ARM CloudError (or a transport failure) with what the UI needs to explain it. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  readonly code: string;
  readonly status: number;
  readonly target: string | undefined;
  readonly details: readonly ArmErrorDetail[];
  readonly correlationId: string | undefined;

  constructor(args: {
    code: string;
    message: string;
    status: number;
    target?: string | undefined;
    details?: readonly ArmErrorDetail[] | undefined;
    correlationId?: string | undefined;
  }) {
    super(args.message);
    this.code = args.code;
    this.status = args.status;
    this.target = args.target;
    this.details = args.details ?? [];
    this.correlationId = args.correlationId;
  }
}

export function isArmError(error: unknown): error is ArmError {
  return error instanceof ArmError;
}

async function toArmError(response: Response): Promise<ArmError> {
  const correlationId = response.headers.get('x-ms-correlation-request-id') ?? undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = parseCloudError(body);
  if (parsed !== undefined) {
    const { code, message, target, details } = parsed.error;
    return new ArmError({ code, message, target, details, status: response.status, correlationId });
  }
  return new ArmError({
    code: `Http${String(response.status)}`,
    message: response.statusText || `The request failed with status ${String(response.status)}.`,
    status: response.status,
    correlationId,
  });
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

export interface ArmRequest {
  method?: HttpMethod;
  /** A path below the base URL ("/subscriptions/…") or an absolute URL (a nextLink). */
  path: string;
  /** Added as `api-version` unless the path (a nextLink) already carries one. */
  apiVersion?: string;
  query?: Readonly<Record<string, string>>;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal | undefined;
  /** Overrides the default: reads and PUT are retried, POST actions (initiate) and DELETE never. */
  retry?: boolean;
  /** Sees a successful response's text before it is parsed (armListAll peeks at the nextLink). */
  onText?: (text: string) => void;
}

export interface ArmResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export const RETRY_POLICY = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryableStatuses: [408, 429, 500, 502, 503, 504] as readonly number[],
};

/** Seconds or an HTTP date, as ARM sends Retry-After (429 and 503). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('Aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function buildArmUrl(path: string, apiVersion: string | undefined, query?: Readonly<Record<string, string>>): string {
  const url = new URL(/^https?:\/\//.test(path) ? path : `${ARM_BASE_URL}${path}`);
  if (apiVersion !== undefined && !url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * One ARM call: bearer token, api-version, JSON body, CloudError → ArmError, and a retry policy
 * for idempotent calls that honours Retry-After. Initiate (POST) is never retried: a second request
 * would open the ports twice and revoke the first (NewerRequestInitiated).
 */
export async function armRequest(request: ArmRequest): Promise<ArmResponse> {
  const method = request.method ?? 'GET';
  const retry = request.retry ?? (method === 'GET' || method === 'PUT');
  const url = buildArmUrl(request.path, request.apiVersion, request.query);
  const maxAttempts = retry ? RETRY_POLICY.maxAttempts : 1;
  // One id for the request and all its retries, as Azure's SDKs send it: ARM logs it and takes it
  // as the correlation id, so support (and a test) can tell a retry from another request.
  const clientRequestId = crypto.randomUUID();
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { Accept: 'application/json', 'x-ms-client-request-id': clientRequestId, ...request.headers };
    const token = getAccessToken();
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: request.signal ?? null,
      });
    } catch (cause) {
      if (request.signal?.aborted) throw cause;
      reportArmUnreachable(cause);
      if (attempt < maxAttempts) {
        await delay(backoff(attempt), request.signal);
        continue;
      }
      throw new ArmError({
        code: 'NetworkError',
        message: cause instanceof Error ? cause.message : 'The network request failed.',
        status: 0,
      });
    }
    reportArmAnswered();
    if (response.ok) {
      const text = await response.text();
      request.onText?.(text);
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    }
    if (attempt < maxAttempts && RETRY_POLICY.retryableStatuses.includes(response.status)) {
      const wait = parseRetryAfter(response.headers.get('Retry-After'), Date.now()) ?? backoff(attempt);
      await delay(Math.min(wait, RETRY_POLICY.maxDelayMs), request.signal);
      continue;
    }
    throw await toArmError(response);
  }
}

function backoff(attempt: number): number {
  return Math.min(RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1), RETRY_POLICY.maxDelayMs);
}

/** GET one resource, parsed by the caller's schema. */
export async function armGet<T>(path: string, apiVersion: string, parse: (body: unknown) => T, signal?: AbortSignal): Promise<T> {
  const response = await armRequest({ path, apiVersion, signal });
  return parse(response.body);
}

// ARM writes a list page as {"value":[…],"nextLink":"…"}: the link is the text's last member.
const NEXT_LINK_AT_END = /"nextLink"\s*:\s*("(?:[^"\\]|\\.)*")\s*\}\s*$/;

/**
 * The nextLink of a list page's text, read from its end without parsing the page; undefined when
 * the text does not end with one (then the caller learns it from the parsed page as usual).
 */
export function peekNextLink(text: string): string | undefined {
  const match = NEXT_LINK_AT_END.exec(text.length > 8192 ? text.slice(-8192) : text);
  if (match?.[1] === undefined) return undefined;
  try {
    const link: unknown = JSON.parse(match[1]);
    return typeof link === 'string' && link !== '' ? link : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GET a list and follow every nextLink, parsing each item with the caller's parser.
 *
 * Pages are pipelined: as soon as a page's text arrives, the nextLink at its end is requested, so
 * the server prepares page n+1 while this thread parses page n (on the 10,000-VM fleet, waiting for
 * each parse before asking for the next page left the emulator idle between four rounds of pages).
 * The parsed page decides: a prefetched link that is not the page's nextLink is dropped.
 */
export async function armListAll<T>(
  path: string,
  apiVersion: string,
  parseItem: (item: unknown) => T,
  options: { query?: Readonly<Record<string, string>>; signal?: AbortSignal | undefined } = {},
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = buildArmUrl(path, apiVersion, options.query);
  const seen = new Set<string>();
  const requested = new Set<string>();
  const prefetched = new Map<string, Promise<ArmResponse>>();
  const request = (url: string): Promise<ArmResponse> => {
    requested.add(url);
    return armRequest({
      path: url,
      signal: options.signal,
      onText: (text) => {
        const link = peekNextLink(text);
        if (link === undefined || requested.has(link)) return;
        const ahead = request(link);
        // Awaited (and its failure reported) only if the page's parsed nextLink is this link.
        ahead.catch(() => undefined);
        prefetched.set(link, ahead);
      },
    });
  };
  while (next !== undefined) {
    // A server that hands back the same link would otherwise loop forever.
    if (seen.has(next)) break;
    seen.add(next);
    const response = await (prefetched.get(next) ?? request(next));
    prefetched.delete(next);
    const page = armPage(response.body);
    for (const item of page.value) items.push(parseItem(item));
    next = page.nextLink;
  }
  return items;
}
