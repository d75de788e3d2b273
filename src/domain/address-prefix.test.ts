import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressInPrefixes, parseAddressPrefix, prefixContains, prefixesOverlap } from './address-prefix';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('parseAddressPrefix', () => {
  it.each([
    ['10.0.0.4', 'ipv4', '10.0.0.4', 32],
    ['10.0.0.0/24', 'ipv4', '10.0.0.0', 24],
    ['0.0.0.0/0', 'ipv4', '0.0.0.0', 0],
    ['10.0.0.5/24', 'ipv4', '10.0.0.0', 24],
    ['2001:db8::/32', 'ipv6', '2001:db8::', 32],
    ['::1', 'ipv6', '::1', 128],
    ['2001:DB8:0:0:0:0:0:1', 'ipv6', '2001:db8::1', 128],
    ['::ffff:10.0.0.1', 'ipv6', '::ffff:a00:1', 128],
  ])('accepts %s as %s %s/%d', (text, kind, address, prefixLength) => {
    expect(parseAddressPrefix(text)).toEqual({ ok: true, prefix: { kind, address, prefixLength, text } });
  });

  it('accepts "*" as every source', () => {
    expect(parseAddressPrefix('*')).toEqual({ ok: true, prefix: { kind: 'any' } });
  });

  it.each([
    '10.0.0.300',
    '10.0.0.0/33',
    '::1/129',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '10.0.0.1/',
    '10.0.0.1/024',
    '10.0.0.1/+8',
    '10.0.0.1/8/8',
    'abc',
    '10.1',
    '0x0a.0.0.1',
    '010.0.0.1',
    'fe80::1%eth0',
    '::ffff:010.0.0.1',
    '2001:db8:::1',
    'Internet',
    'any',
    '**',
  ])('rejects %j with a message naming the value', (text) => {
    const result = parseAddressPrefix(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`"${text}" is not a valid IP address or CIDR range`);
  });

  it('rejects the empty string with a sentence', () => {
    expect(parseAddressPrefix('')).toEqual({ ok: false, message: 'An empty value is not a valid IP address or CIDR range.' });
  });

  it('says which prefix lengths are allowed', () => {
    const result = parseAddressPrefix('10.0.0.0/33');
    expect(result.ok ? '' : result.message).toBe('"10.0.0.0/33" is not a valid IP address or CIDR range: the prefix length must be between 0 and 32 for IPv4.');
  });
});

describe('prefixContains', () => {
  it.each([
    ['10.0.0.0/8', '10.1.2.0/24', true],
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/24', '10.0.0.0/24', true],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['*', '10.0.0.1', true],
    ['*', '2001:db8::1', true],
    ['*', '*', true],
    ['10.0.0.0/8', '*', false],
    ['0.0.0.0/0', '*', false],
    ['2001:db8::/32', '2001:db8:ffff::/48', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::/0', '2001:db8::1', true],
    ['::/0', '10.0.0.1', false],
    ['0.0.0.0/0', '::1', false],
    ['::ffff:0:0/96', '10.0.0.1', false],
    ['10.0.0.0/8', 'garbage', false],
    ['garbage', '10.0.0.1', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(prefixContains(outer, inner)).toBe(expected);
  });

  it('overlap is symmetric containment', () => {
    expect(prefixesOverlap('10.0.0.0/24', '10.0.0.0/8')).toBe(true);
    expect(prefixesOverlap('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
  });
});

describe('addressInPrefixes', () => {
  it('finds an address in any of the prefixes', () => {
    expect(addressInPrefixes('10.0.0.7', ['192.168.0.0/16', '10.0.0.0/29'])).toBe(true);
    expect(addressInPrefixes('10.0.0.8', ['192.168.0.0/16', '10.0.0.0/29'])).toBe(false);
    expect(addressInPrefixes('2001:db8::5', ['*'])).toBe(true);
    expect(addressInPrefixes('10.0.0.1', [])).toBe(false);
  });

  it('a range or "*" is not a single address', () => {
    expect(addressInPrefixes('10.0.0.0/24', ['10.0.0.0/8'])).toBe(false);
    expect(addressInPrefixes('*', ['*'])).toBe(false);
  });
});

const ipv4Cidr = fc
  .tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }))
  .map(([address, length]) => `${address}/${String(length)}`);
const ipv6Cidr = fc
  .tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 }))
  .filter(([address]) => !address.includes('.'))
  .map(([address, length]) => `${address}/${String(length)}`);

describe('prefix properties', () => {
  it('every generated CIDR parses', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Cidr, ipv6Cidr), (cidr) => parseAddressPrefix(cidr).ok),
      { numRuns: RUNS },
    );
  });

  it('containment is reflexive', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Cidr, ipv6Cidr, fc.constant('*')), (cidr) => prefixContains(cidr, cidr)),
      { numRuns: RUNS },
    );
  });

  it('containment is transitive (shortening the prefix of one network gives a chain)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), (address, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const outer = `${address}/${String(a)}`;
        const middle = `${address}/${String(b)}`;
        const inner = `${address}/${String(c)}`;
        return prefixContains(outer, middle) && prefixContains(middle, inner) && prefixContains(outer, inner);
      }),
      { numRuns: RUNS },
    );
  });

  it('containment is transitive on arbitrary triples', () => {
    fc.assert(
      fc.property(ipv4Cidr, ipv4Cidr, ipv4Cidr, (a, b, c) => !(prefixContains(a, b) && prefixContains(b, c)) || prefixContains(a, c)),
      { numRuns: RUNS },
    );
  });

  it('an IPv4 address is in a prefix iff the prefix contains address/32', () => {
    fc.assert(
      fc.property(ipv4Cidr, fc.ipV4(), (cidr, address) => addressInPrefixes(address, [cidr]) === prefixContains(cidr, `${address}/32`)),
      { numRuns: RUNS },
    );
  });

  it('an IPv6 address is in a prefix iff the prefix contains address/128', () => {
    fc.assert(
      fc.property(ipv6Cidr, fc.ipV6().filter((a) => !a.includes('.')), (cidr, address) => addressInPrefixes(address, [cidr]) === prefixContains(cidr, `${address}/128`)),
      { numRuns: RUNS },
    );
  });

  it('an address is in its own /n network for every n, and families never mix', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV6().filter((a) => !a.includes('.')), (v4, n, v6) => {
        return addressInPrefixes(v4, [`${v4}/${String(n)}`]) && !addressInPrefixes(v6, [`${v4}/${String(n)}`]) && !addressInPrefixes(v4, ['::/0']);
      }),
      { numRuns: RUNS },
    );
  });
});
