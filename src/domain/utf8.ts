const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of a string, in an ArrayBuffer of their own (transferable to another thread).
 * encodeInto a buffer of the exact size when the text is ASCII, else one sized for the worst case
 * (3 bytes per UTF-16 unit) and one copy of what was written: measured 2× faster than encode() in
 * Node and 3–4× in Chromium's workers, on the megabyte-sized texts the emulator's list pages and the
 * activity CSV slices are.
 */
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  // ASCII (most JSON and CSV) is one byte per unit: encode into the exact size, no copy.
  const exact = new Uint8Array(text.length);
  if (encoder.encodeInto(text, exact).read === text.length) return exact;
  const buffer = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, buffer);
  return buffer.slice(0, written);
}
