import ipaddr from 'ipaddr.js';

/** An IPv4/IPv6 address or CIDR range, or "*" (any). */
export type ParsedPrefix =
  | { kind: 'any' }
  | { kind: 'ipv4' | 'ipv6'; address: string; prefixLength: number; text: string };

export type PrefixParseResult = { ok: true; prefix: ParsedPrefix } | { ok: false; message: string };

/** The parsed form used for CIDR math: the network address as an integer of 32 or 128 bits. */
interface Network {
  kind: 'ipv4' | 'ipv6';
  bits: bigint;
  prefixLength: number;
}

type Parsed = { ok: true; prefix: ParsedPrefix; network?: Network } | { ok: false; message: string };

const WIDTH = { ipv4: 32, ipv6: 128 } as const;

function invalid(text: string, why?: string): { ok: false; message: string } {
  const base = `"${text}" is not a valid IP address or CIDR range`;
  return { ok: false, message: why === undefined ? `${base}.` : `${base}: ${why}.` };
}

function toBigInt(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function fromBigInt(value: bigint, byteCount: number): number[] {
  const bytes: number[] = [];
  for (let i = byteCount - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return bytes;
}

function ipv6Text(bytes: readonly number[]): string {
  const parts: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) parts.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

function maskOf(width: number, prefixLength: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return (all >> BigInt(width - prefixLength)) << BigInt(width - prefixLength);
}

/**
 * Strict parsing, stricter than ipaddr.js on its own:
 * - IPv4 must be four decimal octets without leading zeros ("10.1", "0x0a.0.0.1" and "010.0.0.1"
 *   are rejected: Azure NSGs reject them and they are ambiguous to people).
 * - IPv6 zone ids ("fe80::1%eth0") are rejected: they mean nothing to a network security rule.
 * - IPv6 with an embedded dotted IPv4 tail ("::ffff:10.0.0.1") is accepted as IPv6; its tail must
 *   be four-part decimal. It is an IPv6 prefix and never matches an IPv4 one (families never mix).
 * - No whitespace anywhere, a prefix length of 0–32 (IPv4) or 0–128 (IPv6) in plain decimal.
 * - A CIDR with host bits set ("10.0.0.5/24") is accepted and means its network (10.0.0.0/24);
 *   `address` holds the network address and `text` the value as written.
 */
function parse(text: string): Parsed {
  if (text === '*') return { ok: true, prefix: { kind: 'any' } };
  if (text === '') return { ok: false, message: 'An empty value is not a valid IP address or CIDR range.' };
  if (/\s/.test(text)) return invalid(text, 'it contains whitespace');

  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const lengthText = slash === -1 ? undefined : text.slice(slash + 1);

  let kind: 'ipv4' | 'ipv6';
  let bytes: number[];
  if (addressText.includes(':')) {
    if (addressText.includes('%')) return invalid(text, 'IPv6 zone ids are not allowed');
    if (!ipaddr.IPv6.isValid(addressText)) return invalid(text);
    const lastColon = addressText.lastIndexOf(':');
    const tail = addressText.slice(lastColon + 1);
    if (tail.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(tail)) return invalid(text);
    kind = 'ipv6';
    bytes = ipaddr.IPv6.parse(addressText).toByteArray();
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) return invalid(text);
    if (addressText.split('.').some((octet) => octet.length > 1 && octet.startsWith('0'))) {
      return invalid(text, 'octets may not have leading zeros');
    }
    kind = 'ipv4';
    bytes = ipaddr.IPv4.parse(addressText).toByteArray();
  }

  const width: number = WIDTH[kind];
  let prefixLength = width;
  if (lengthText !== undefined) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(lengthText)) return invalid(text, 'the prefix length must be a whole number');
    prefixLength = Number(lengthText);
    if (prefixLength > width) {
      return invalid(text, `the prefix length must be between 0 and ${String(width)} for ${kind === 'ipv4' ? 'IPv4' : 'IPv6'}`);
    }
  }

  const bits = toBigInt(bytes) & maskOf(width, prefixLength);
  const networkBytes = fromBigInt(bits, width / 8);
  const address = kind === 'ipv4' ? networkBytes.join('.') : ipv6Text(networkBytes);
  return {
    ok: true,
    prefix: { kind, address, prefixLength, text },
    network: { kind, bits, prefixLength },
  };
}

// Rule planning and inbound evaluation test the same few prefixes against many addresses; parsing
// once per distinct string keeps a 10,000-VM fleet fast. Bounded so a long session cannot grow it
// without limit.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Parsed>();

function parseCached(text: string): Parsed {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parse(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/** Parses "10.0.0.4", "10.0.0.0/24", "2001:db8::/32", "::1", "*". Rejects "10.0.0.300", "10.0.0.0/33", "::1/129", "" with a message naming the value. */
export function parseAddressPrefix(text: string): PrefixParseResult {
  const parsed = parseCached(text);
  return parsed.ok ? { ok: true, prefix: parsed.prefix } : parsed;
}

/** Whether `text` is a valid address, CIDR range or "*". */
export function isValidAddressPrefix(text: string): boolean {
  return parseCached(text).ok;
}

/**
 * Whether every address of `inner` lies inside `outer` ("*" contains everything; families never mix).
 * An invalid value on either side contains nothing and is contained by nothing.
 */
export function prefixContains(outer: string, inner: string): boolean {
  const o = parseCached(outer);
  const i = parseCached(inner);
  if (!o.ok || !i.ok) return false;
  if (o.network === undefined) return true; // "*"
  if (i.network === undefined) return false; // "*" inside a finite range
  if (o.network.kind !== i.network.kind || o.network.prefixLength > i.network.prefixLength) return false;
  const mask = maskOf(WIDTH[o.network.kind], o.network.prefixLength);
  return (i.network.bits & mask) === o.network.bits;
}

/** Whether two prefixes share at least one address ("*" overlaps everything valid). */
export function prefixesOverlap(a: string, b: string): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** Whether the single address `address` lies in any of `prefixes`. */
export function addressInPrefixes(address: string, prefixes: readonly string[]): boolean {
  const parsed = parseCached(address);
  // A range or "*" is not a single address.
  if (!parsed.ok || parsed.network === undefined || parsed.network.prefixLength !== WIDTH[parsed.network.kind]) return false;
  return prefixes.some((prefix) => prefixContains(prefix, address));
}

/**
 * `prefix` parsed once, as a test of single addresses: the hot loops (inbound evaluation over
 * thousands of rules) call it per packet, so the mask is computed here and not per comparison.
 * Same answers as addressInPrefixes(address, [prefix]): "*" holds every valid single address,
 * an invalid prefix holds none, families never mix.
 */
export function addressPrefixMatcher(prefix: string): (address: string) => boolean {
  const outer = parseCached(prefix);
  if (!outer.ok) return () => false;
  const network = outer.network;
  const mask = network === undefined ? 0n : maskOf(WIDTH[network.kind], network.prefixLength);
  return (address) => {
    const parsed = parseCached(address);
    if (!parsed.ok || parsed.network === undefined || parsed.network.prefixLength !== WIDTH[parsed.network.kind]) return false;
    if (network === undefined) return true;
    return parsed.network.kind === network.kind && (parsed.network.bits & mask) === network.bits;
  };
}
