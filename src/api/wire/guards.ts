import type { CloudErrorBody } from './cloud-error';

// Hand-written checks for the wire shapes the blade reads on its first screen (list pages, the
// resource envelope, subscriptions, permissions, the emulator status, CloudError). Why not zod:
// the emulator's request-body schemas use full zod, and any zod import on the blade's path shares
// zod's core with them, so the core and every schema class the emulator uses would land in the
// blade's initial script (about 15 KB gzip, issue 7). These shapes are flat and have no value
// rules; the JIT policy schema (enums, date-times, ports) stays in zod and is imported on demand.

/** Wire data that does not have the shape the console relies on. */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export type WireRecord = Readonly<Record<string, unknown>>;

function fail(path: string, expected: string): never {
  throw new WireFormatError(`Invalid wire data at ${path}: expected ${expected}.`);
}

export function isRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, path: string): WireRecord {
  if (!isRecord(value)) fail(path, 'an object');
  return value;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

export function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number');
  return value;
}

/** Absent (undefined) is allowed; null is not, as with zod's optional. */
export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

export function array(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value as readonly unknown[];
}

export function stringArray(value: unknown, path: string): string[] {
  return array(value, path).map((item, index) => string(item, `${path}[${String(index)}]`));
}

export function oneOf<const T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, `one of ${allowed.join(', ')}`);
  return value as T;
}

/** One page of an ARM list: `value`, and `nextLink` while more pages remain (ARM sends null or omits it at the end). */
export function armPage(body: unknown): { value: readonly unknown[]; nextLink: string | undefined } {
  const page = record(body, 'page');
  const nextLink = page.nextLink === null ? undefined : optionalString(page.nextLink, 'page.nextLink');
  return { value: array(page.value, 'page.value'), nextLink };
}

/** The envelope every ARM resource shares (id, name); the object passes through as Azure sent it. */
export function armResourceEnvelope(item: unknown): WireRecord {
  const resource = record(item, 'resource');
  string(resource.id, 'resource.id');
  string(resource.name, 'resource.name');
  return resource;
}

function cloudErrorBody(value: unknown, path: string): CloudErrorBody {
  const body = record(value, path);
  const result: CloudErrorBody = { code: string(body.code, `${path}.code`), message: string(body.message, `${path}.message`) };
  const target = optionalString(body.target, `${path}.target`);
  if (target !== undefined) result.target = target;
  if (body.details !== undefined) {
    result.details = array(body.details, `${path}.details`).map((detail, index) => cloudErrorBody(detail, `${path}.details[${String(index)}]`));
  }
  if (body.additionalInfo !== undefined) {
    result.additionalInfo = array(body.additionalInfo, `${path}.additionalInfo`).map((entry, index) => {
      const info = record(entry, `${path}.additionalInfo[${String(index)}]`);
      const type = string(info.type, `${path}.additionalInfo[${String(index)}].type`);
      return info.info === undefined ? { type } : { type, info: info.info };
    });
  }
  return result;
}

/** ARM's CloudError envelope ({ error: { code, message, … } }), or undefined when the body is something else. */
export function parseCloudError(body: unknown): { error: CloudErrorBody } | undefined {
  try {
    return { error: cloudErrorBody(record(body, 'body').error, 'error') };
  } catch (error) {
    if (error instanceof WireFormatError) return undefined;
    throw error;
  }
}
