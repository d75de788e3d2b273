/** A seeded PRNG (mulberry32): scenarios and fault injection repeat exactly for the same seed. */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A GUID-shaped string (version 4 layout) drawn from the sequence. */
  guid(): string;
}

const HEX = '0123456789abcdef';

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Four hex digits per draw (the leftover digits of the last draw are dropped), written digit by
  // digit: the large fleet draws 10,000 GUIDs while the emulator's worker builds it on every reload.
  const hex = (length: number): string => {
    let text = '';
    for (let written = 0; written < length; written += 4) {
      const value = Math.floor(next() * 0x10000);
      const digits = HEX.charAt(value >>> 12) + HEX.charAt((value >>> 8) & 15) + HEX.charAt((value >>> 4) & 15) + HEX.charAt(value & 15);
      text += length - written >= 4 ? digits : digits.slice(0, length - written);
    }
    return text;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T,>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(next() * 4)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}
