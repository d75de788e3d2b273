// `npm test`: every check, in order, each timed; the last line is `N passed, N failed`.
// Lint and typecheck count as one test each; Vitest and Playwright counts come from their JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, '.reports');
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');

const chromium = process.env.PW_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(
    `No Chromium found at ${chromium}: install Debian's chromium (apt-get install -y chromium) or set PW_CHROMIUM=/path/to/chromium`,
  );
  process.exit(1);
}

mkdirSync(reports, { recursive: true });
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });

const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);

/** @type {{ name: string, command: string[], env?: Record<string, string>, counted: boolean }[]} */
const steps = [
  { name: 'structure', command: [path.join(root, 'scripts/check-structure.mjs')], counted: true },
  { name: 'lint', command: [bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.'], counted: true },
  { name: 'typecheck', command: [bin('typescript', 'bin/tsc'), '-b', '--noEmit'], counted: true },
  {
    name: 'vitest',
    command: [
      bin('vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
    counted: false,
  },
  {
    name: 'playwright',
    command: [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    counted: false,
  },
];

let passed = 0;
let failed = 0;
/** @type {{ name: string, seconds: number, ok: boolean }[]} */
const timings = [];

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, step.command, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = (performance.now() - started) / 1000;
  const ok = result.status === 0;
  timings.push({ name: step.name, seconds, ok });
  if (step.counted) {
    if (ok) passed += 1;
    else failed += 1;
  }
}

/** @param {string} file @returns {unknown} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** @param {unknown} value @param {string} key @returns {number} */
const count = (value, key) => {
  const n = value && typeof value === 'object' ? /** @type {Record<string, unknown>} */ (value)[key] : undefined;
  return typeof n === 'number' ? n : 0;
};

const problems = [];

const vitest = readJson(vitestReport);
if (vitest === undefined) {
  problems.push(`missing or unreadable Vitest report ${path.relative(root, vitestReport)}`);
  failed += 1;
} else {
  passed += count(vitest, 'numPassedTests');
  failed += count(vitest, 'numFailedTests');
  // A suite that fails to load (syntax error, bad import) has no failed test but is a failure.
  const vitestStep = timings.find((t) => t.name === 'vitest');
  if (vitestStep && !vitestStep.ok && count(vitest, 'numFailedTests') === 0) {
    problems.push('Vitest exited non-zero with no failed test (a suite failed to load?)');
    failed += Math.max(1, count(vitest, 'numFailedTestSuites'));
  }
}

const playwright = readJson(playwrightReport);
const stats = playwright && typeof playwright === 'object' ? /** @type {Record<string, unknown>} */ (playwright).stats : undefined;
if (stats === undefined) {
  problems.push(`missing or unreadable Playwright report ${path.relative(root, playwrightReport)}`);
  failed += 1;
} else {
  passed += count(stats, 'expected');
  failed += count(stats, 'unexpected') + count(stats, 'flaky');
  const playwrightStep = timings.find((t) => t.name === 'playwright');
  const pwFailed = count(stats, 'unexpected') + count(stats, 'flaky');
  if (playwrightStep && !playwrightStep.ok && pwFailed === 0) {
    problems.push('Playwright exited non-zero with no failed test (web server or global error?)');
    failed += 1;
  }
}

console.log('\n=== summary ===');
console.log('step         seconds  result');
for (const t of timings) {
  console.log(`${t.name.padEnd(12)} ${t.seconds.toFixed(1).padStart(7)}  ${t.ok ? 'ok' : 'FAILED'}`);
}
const total = timings.reduce((sum, t) => sum + t.seconds, 0);
console.log(`${'total'.padEnd(12)} ${total.toFixed(1).padStart(7)}`);
for (const problem of problems) console.log(`problem: ${problem}`);

console.log(`${String(passed)} passed, ${String(failed)} failed`);
process.exit(failed > 0 ? 1 : 0);
