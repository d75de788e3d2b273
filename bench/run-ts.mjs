// Runs a TypeScript entry (default bench/domain-bench.ts) under plain Node 20: rolldown (installed
// with Vite) bundles it to one ES module in a temp dir, then Node imports it. No tsx/ts-node needed,
// and the measured code is the same JavaScript the app ships, not a transform-on-the-fly runner.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

process.env.BENCH_ROOT ??= path.resolve(import.meta.dirname, '..');

const root = path.resolve(import.meta.dirname, '..');
const entry = path.resolve(root, process.argv[2] ?? 'bench/domain-bench.ts');
const outDir = mkdtempSync(path.join(tmpdir(), 'domain-bench-'));
try {
  await build({
    input: entry,
    platform: 'node',
    logLevel: 'warn',
    output: { dir: outDir, format: 'esm', entryFileNames: 'bench.mjs' },
  });
  await import(pathToFileURL(path.join(outDir, 'bench.mjs')).href);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
