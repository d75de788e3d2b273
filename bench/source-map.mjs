// A minimal source-map reader (VLQ mappings → generated ranges per original source), so the bench
// can say which packages fill the initial chunk and which source files a CPU profile spends time in,
// without depending on a source-map package the project does not declare.
import { readFileSync } from 'node:fs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`bad VLQ character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Parses a v3 map: lines[i] = sorted [generatedColumn, sourceIndex|-1, originalLine, originalColumn][]. */
export function readSourceMap(file) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  const lines = [];
  let source = 0;
  let line = 0;
  let column = 0;
  for (const lineText of map.mappings.split(';')) {
    const segments = [];
    let generated = 0;
    if (lineText !== '') {
      for (const segmentText of lineText.split(',')) {
        const v = decodeSegment(segmentText);
        generated += v[0];
        if (v.length >= 4) {
          source += v[1];
          line += v[2];
          column += v[3];
          segments.push([generated, source, line, column]);
        } else {
          segments.push([generated, -1, 0, 0]);
        }
      }
    }
    lines.push(segments);
  }
  return { sources: map.sources, lines };
}

/** The original source of a generated position (0-based line and column), or undefined. */
export function originalSource(map, line, column) {
  return originalPosition(map, line, column)?.source;
}

/** The original source and 1-based line of a generated position, or undefined. */
export function originalPosition(map, line, column) {
  const segments = map.lines[line];
  if (segments === undefined || segments.length === 0) return undefined;
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid][0] <= column) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const segment = segments[found];
  return segment[1] < 0 ? undefined : { source: map.sources[segment[1]], line: segment[2] + 1 };
}

/** "…/node_modules/@mui/material/Tabs/Tabs.js" → "@mui/material"; "../src/features/blade/x.tsx" → "src/features/blade". */
export function groupOf(source) {
  if (source === undefined) return '(unmapped)';
  const normalized = source.replace(/\\/g, '/');
  const nm = normalized.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = normalized.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '(unknown)');
  }
  const parts = normalized.replace(/^(\.\.\/)+/, '').split('/');
  if (parts[0] === 'src' && parts.length > 2) return parts[1] === 'features' || parts[1] === 'components' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
  return parts.length > 1 ? parts.slice(0, 2).join('/') : parts[0];
}

/** Splits the generated code into the pieces each source group produced. */
export function piecesByGroup(code, map) {
  const codeLines = code.split('\n');
  const pieces = new Map();
  const add = (group, text) => {
    if (text === '') return;
    const list = pieces.get(group) ?? [];
    list.push(text);
    pieces.set(group, list);
  };
  codeLines.forEach((lineText, index) => {
    const segments = map.lines[index] ?? [];
    if (segments.length === 0) {
      add('(unmapped)', lineText);
      return;
    }
    add('(unmapped)', lineText.slice(0, segments[0][0]));
    segments.forEach((segment, i) => {
      const end = segments[i + 1]?.[0] ?? lineText.length;
      add(segment[1] < 0 ? '(unmapped)' : groupOf(map.sources[segment[1]]), lineText.slice(segment[0], end));
    });
  });
  return pieces;
}
