import { HttpResponse, delay, http, type HttpResponseResolver, type PathParams, type RequestHandler } from 'msw';
import type { ArmList } from '../src/api/wire/arm-list';
import type { CloudErrorBody } from '../src/api/wire/cloud-error';
import { isGuid } from '../src/domain/resource-id';
import { utf8Bytes } from '../src/domain/utf8';
import { API_VERSIONS, MAX_BODY_BYTES, type ArmProvider } from './arm-config';
import { ArmError } from './arm-error';
import { emulator, type EmulatorRuntime } from './emulator';
import { mayPerform, readBearerClaims } from './identity';
import type { DirectoryUser, EmulatorStore } from './store';

// The ARM pipeline written once: faults → authentication → api-version → path validation →
// subscription / resource group existence → RBAC → handler, with CloudError mapping and ARM's
// request-id headers on every answer.

export interface ArmContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  runtime: EmulatorRuntime;
  store: EmulatorStore;
  user: DirectoryUser;
  now: Date;
  correlationId: string;
  requestId: string;
}

export interface ArmRouteOptions {
  provider: ArmProvider;
  /** RBAC action checked at `scope`; omitted for calls every signed-in user may make. */
  action?: string | ((params: Record<string, string>) => string);
  /** The scope of the RBAC check; default: the resource group or subscription in the path. */
  scope?: (params: Record<string, string>) => string;
}

export type ArmHandler = (context: ArmContext) => Response | Promise<Response>;

// ARM's resourceGroupName pattern (common-types ResourceGroupName).
const RESOURCE_GROUP_NAME = /^[-\w._()]+$/;

let requestCounter = 0;
function newRequestId(): string {
  requestCounter += 1;
  // Unique per page load (time + counter); not security-relevant, only correlates logs.
  const time = Date.now().toString(16).padStart(12, '0').slice(-12);
  return `${requestCounter.toString(16).padStart(8, '0')}-0000-4000-9000-${time}`;
}

function normalizeParams(params: PathParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join('/') : typeof value === 'string' ? value : undefined;
    if (text === undefined) continue;
    try {
      result[key] = decodeURIComponent(text);
    } catch {
      result[key] = text;
    }
  }
  return result;
}

export function cloudErrorResponse(status: number, body: CloudErrorBody, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ error: body }, { status, headers });
}

function defaultScope(params: Record<string, string>): string {
  const { subscriptionId, resourceGroupName } = params;
  if (subscriptionId === undefined) return '/';
  return resourceGroupName === undefined ? `/subscriptions/${subscriptionId}` : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

function withIds(response: Response, requestId: string, correlationId: string): Response {
  response.headers.set('x-ms-request-id', requestId);
  response.headers.set('x-ms-correlation-request-id', correlationId);
  return response;
}

/** Wraps a handler in the ARM pipeline. */
export function withArm(options: ArmRouteOptions, handler: ArmHandler): HttpResponseResolver {
  return async ({ request, params: rawParams }) => {
    const runtime = emulator();
    const requestId = newRequestId();
    const correlationId = request.headers.get('x-ms-correlation-request-id') ?? request.headers.get('x-ms-client-request-id') ?? requestId;
    const url = new URL(request.url);
    try {
      const faults = runtime.faults;
      if (faults.current.latencyMs > 0 && faults.applies(request.method, url.pathname)) await delay(faults.current.latencyMs);
      const fault = faults.decide(request.method, url.pathname);
      if (fault.kind === 'drop') return HttpResponse.error();
      if (fault.kind === 'fail') {
        const retryAfter: Record<string, string> = fault.status === 500 ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
        const code = fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
        const message =
          fault.status === 429
            ? `Number of requests exceeded the limit. Please retry after ${String(fault.retryAfterSeconds)} seconds.`
            : 'The service is temporarily unavailable (injected fault). Please retry.';
        return withIds(cloudErrorResponse(fault.status, { code, message }, retryAfter), requestId, correlationId);
      }

      const token = readBearerClaims(request.headers.get('authorization'));
      if (token.kind === 'missing') {
        throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {}, {
          'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
        });
      }
      const user = token.kind === 'ok' ? runtime.store.user(token.claims.upn) : undefined;
      if (!user) {
        throw new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {}, {
          'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid or names a user unknown to this directory."',
        });
      }

      const apiVersion = url.searchParams.get('api-version');
      const supported: readonly string[] = API_VERSIONS[options.provider];
      if (apiVersion === null || apiVersion === '') {
        throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      }
      if (!supported.includes(apiVersion)) {
        throw new ArmError(
          400,
          'InvalidApiVersionParameter',
          `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'.`,
        );
      }

      const params = normalizeParams(rawParams);
      const { subscriptionId, resourceGroupName } = params;
      if (subscriptionId !== undefined) {
        if (!isGuid(subscriptionId)) {
          throw new ArmError(400, 'InvalidSubscriptionId', `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
        }
        if (!runtime.store.subscription(subscriptionId)) {
          throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
        }
      }
      if (resourceGroupName !== undefined && (!RESOURCE_GROUP_NAME.test(resourceGroupName) || resourceGroupName.length > 90 || resourceGroupName.endsWith('.'))) {
        throw new ArmError(
          400,
          'InvalidResourceGroupName',
          `Resource group name '${resourceGroupName}' is invalid: it may contain only letters, digits, '-', '_', '.', '(' and ')', be at most 90 characters and not end in a period.`,
        );
      }

      if (options.action !== undefined) {
        const action = typeof options.action === 'string' ? options.action : options.action(params);
        const scope = (options.scope ?? defaultScope)(params);
        if (!mayPerform(runtime.store, user, action, scope)) {
          throw new ArmError(
            403,
            'AuthorizationFailed',
            `The client '${user.upn}' with object id '${user.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
          );
        }
      }

      if (subscriptionId !== undefined && resourceGroupName !== undefined && !runtime.store.resourceGroup(subscriptionId, resourceGroupName)) {
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroupName}' could not be found.`);
      }

      const response = await handler({ request, url, params, runtime, store: runtime.store, user, now: runtime.now(), correlationId, requestId });
      return withIds(response, requestId, correlationId);
    } catch (error) {
      if (error instanceof ArmError) return withIds(cloudErrorResponse(error.status, error.body, error.headers), requestId, correlationId);
      // Should never happen: a bug in the emulator still answers in ARM's shape.
      const detail = error instanceof Error ? error.message : String(error);
      return withIds(
        cloudErrorResponse(500, { code: 'InternalServerError', message: `The server encountered an internal error (${detail}). Correlation id '${correlationId}'.` }),
        requestId,
        correlationId,
      );
    }
  };
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** Registers one ARM route on `baseUrl`. */
export function armRoute(baseUrl: string, method: Method, path: string, options: ArmRouteOptions, handler: ArmHandler): RequestHandler {
  return http[method](`${baseUrl}${path}`, withArm(options, handler));
}

// Bodies the browser emulator's worker received as bytes (mocks/emulator-serve.ts), by the request
// it hands to msw: that request carries none, so that msw's clone of every request (it keeps one
// for logging) does not tee a body stream, and the route decodes the bytes instead of reading one.
// Both were ~1.5 ms per Resource Graph query in the worker; a reload of the 10,000-VM fleet posts
// 24 of them. Requests made any other way (Node's tests) carry their body as usual.
const relayedBodies = new WeakMap<Request, ArrayBuffer>();

/** `request` stands for a request whose body is `body` (the emulator's worker). */
export function relayedRequest(request: Request, body: ArrayBuffer): Request {
  relayedBodies.set(request, body);
  return request;
}

/** The text of a request's body: the relayed bytes decoded (UTF-8, as Request.text() does), else its own body read. */
export async function requestText(request: Request): Promise<string> {
  const relayed = relayedBodies.get(request);
  return relayed === undefined ? request.text() : new TextDecoder().decode(relayed);
}

/** Reads a JSON body as ARM does: content type, size limit, parse errors → 415/413/400. */
export async function readJsonBody(context: ArmContext): Promise<unknown> {
  const contentType = context.request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType.trim())) {
    throw new ArmError(
      415,
      'UnsupportedMediaType',
      `The content media type '${contentType || '(none)'}' is not supported. Only 'application/json' is supported.`,
    );
  }
  const declared = Number(context.request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const relayed = relayedBodies.get(context.request);
  // Relayed bytes are measured before they are decoded; a body read from its stream, after.
  if (relayed !== undefined && relayed.byteLength > MAX_BODY_BYTES) throw tooLarge();
  const text = relayed === undefined ? await context.request.text() : new TextDecoder().decode(relayed);
  if (relayed === undefined && new TextEncoder().encode(text).length > MAX_BODY_BYTES) throw tooLarge();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${error instanceof Error ? error.message : 'unreadable JSON'}'.`,
    );
  }
}

function tooLarge(): ArmError {
  return new ArmError(413, 'RequestEntityTooLarge', `The request content exceeds the maximum size of ${String(MAX_BODY_BYTES)} bytes.`);
}

/** An ARM list page: `$skiptoken` is the offset into the source; the source is walked lazily, never copied. */
export function pageOf<T, U = T>(context: ArmContext, source: Iterable<T>, pageSize: number, map?: (item: T) => U): ArmList<U> {
  const token = context.url.searchParams.get('$skiptoken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ArmError(400, 'InvalidSkipToken', `The $skiptoken '${token ?? ''}' is invalid: use the nextLink of the previous page.`);
  }
  const value: U[] = [];
  let index = 0;
  let more = false;
  for (const item of source) {
    if (index >= offset + pageSize) {
      more = true;
      break;
    }
    if (index >= offset) value.push(map ? map(item) : (item as unknown as U));
    index += 1;
  }
  if (!more) return { value };
  const next = new URL(context.url);
  next.searchParams.set('$skiptoken', String(offset + pageSize));
  return { value, nextLink: next.toString() };
}

const pageTexts = new WeakMap<object, Map<string, { version: number; text: JsonText }>>();

/**
 * A list page answered from cached JSON text. Serialising 1,000 resources per page is most of a
 * list call's cost on the large fleet; refetches and repeated pages (several queries read the same
 * lists) reuse the text while `version` (the table's write counter for the subscription) is
 * unchanged. Keyed per table object, so a reset or reloaded store starts afresh; the key is the
 * request URL (path, api-version, $skiptoken…) and the page size, which together decide the page
 * and its nextLink.
 */
export function cachedListPage<T>(context: ArmContext, owner: object, version: number, page: () => ArmList<T>): Response {
  let cache = pageTexts.get(owner);
  if (!cache) {
    cache = new Map();
    pageTexts.set(owner, cache);
  }
  const key = `${String(context.runtime.pageSizes.resources)}/${String(context.runtime.pageSizes.policies)} ${context.url.pathname.toLowerCase()}${context.url.search}`;
  let hit = cache.get(key);
  if (hit?.version !== version) {
    hit = { version, text: listPageJsonParts(page()) };
    cache.set(key, hit);
  }
  return jsonResponse(hit.text, 200, {});
}

/**
 * `JSON.stringify(list)` as parts whose concatenation is that text: each item stringified on its
 * own. V8 returns a large stringify result as a rope of chunks, and the first read of its characters
 * (the UTF-8 encoding below) flattens it; in this machine's Chromium worker, stringify and encode
 * of a 1 MB page took 20–40 ms that way against 8–15 ms for items stringified apart (bench/ notes).
 * The parts are encoded one after another (jsonBytesOf), never joined into one string first.
 */
export function listPageJsonParts<T>(list: ArmList<T>): string[] {
  const parts = ['{"value":'];
  pushArrayJson(parts, list.value);
  if (list.nextLink !== undefined) parts.push(',"nextLink":', JSON.stringify(list.nextLink));
  parts.push('}');
  return parts;
}

/**
 * Writes `JSON.stringify(items.map(valueOf))` onto `parts`, each item stringified on its own (see
 * listPageJsonParts). Separators are parts of their own: `,${item}` would be a rope, which the
 * encoding loop would flatten (a copy). `valueOf` may return the same array each time, filled anew.
 */
export function pushArrayJson<T>(parts: string[], items: readonly T[], valueOf: (item: T) => unknown = (item) => item): void {
  parts.push('[');
  items.forEach((item, i) => {
    if (i > 0) parts.push(',');
    parts.push(JSON.stringify(valueOf(item)));
  });
  parts.push(']');
}

/** `JSON.stringify(list)`, from listPageJsonParts. */
export function listPageJson<T>(list: ArmList<T>): string {
  return listPageJsonParts(list).join('');
}

/** An answer's JSON text: whole, or parts whose concatenation is the text (list pages, Resource Graph pages). */
export type JsonText = string | readonly string[];

function joined(text: JsonText): string {
  return typeof text === 'string' ? text : text.join('');
}

// The JSON text each answer was made from, so the browser emulator's worker encodes it straight
// into the buffer it transfers (mocks/emulator-serve.ts) instead of reading the body stream. The
// body is a stream that encodes only when read (Node's tests and msw read it; the worker does not):
// in Chromium's worker, new Response(text) took 17–51 ms per 1 MB list page to convert the text,
// and new Response(bytes) 3–5 ms to copy them (measured on the 10,000-VM fleet; decision 003).
const responseTexts = new WeakMap<Response, JsonText>();

/** Fresh UTF-8 bytes of the JSON a response of this module was built from (undefined for other responses); the caller owns them. */
export function jsonBytesOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
  const text = responseTexts.get(response);
  if (text === undefined) return undefined;
  return asciiBytes(text) ?? utf8Bytes(joined(text));
}

/**
 * The bytes of ASCII text, or of the concatenation of its parts (undefined at the first other
 * character), copied by a plain loop: in this machine's Chromium worker 1.8x faster than
 * TextEncoder.encodeInto (16.6 against 29.3 ms for a 3.7 MB list page; 120 -> 71 ms per
 * 10,000-VM reload). Parts are copied one after another rather than joined first (joining a 1,000
 * row page copied its ~0.4 MB once more: ~40 ms over a 10,000-VM load's Resource Graph pages in
 * Node). Node's encodeInto is faster than the loop (SIMD), so src/domain/utf8.ts, which the
 * activity CSV's Node benchmark measures, keeps it. Text that is not ASCII is scanned up to its
 * first other character and then encoded whole: answers are almost always ASCII.
 */
export function asciiBytes(text: JsonText): Uint8Array<ArrayBuffer> | undefined {
  const parts = typeof text === 'string' ? [text] : text;
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const unit = part.charCodeAt(i);
      if (unit > 0x7f) return undefined;
      bytes[at++] = unit;
    }
  }
  return bytes;
}

/** An answer from JSON text already written (list pages written as parts: listPageJsonParts). */
export function jsonResponse(text: JsonText, status = 200, headers: Record<string, string> = {}): Response {
  // highWaterMark 0: a stream pulls to fill its queue as soon as it is made unless told not to.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(utf8Bytes(joined(text)));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const response = new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
  responseTexts.set(response, text);
  return response;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonResponse(JSON.stringify(body), status, headers);
}
