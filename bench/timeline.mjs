// The ARM calls of one load of a built app, on a timeline: when each call was asked and answered
// (the emulator's User Timing measures, see mocks/browser.ts), the long tasks, and when the blade
// became usable. It shows which phase a load waits on; on this 2-core machine a 10,000-VM reload
// waited ~0.6 s for the emulator's worker to load, ~0.3 s for it to build the fleet, ~0.7 s for it
// to serialise 23 MB of list pages back to back, then ~0.15 s for the page to classify and render.
//
//   node node_modules/vite/bin/vite.js build --outDir /tmp/a --sourcemap hidden
//   node bench/timeline.mjs /tmp/a large            # fleet: default | large (default large)
//   PHASE=first node bench/timeline.mjs /tmp/a       # the first visit instead of the reload
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { installProbes } from './page-probes.mjs';

const [dir, fleet = 'large'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/timeline.mjs <built dist directory> [default|large]');
const phase = process.env.PHASE === 'first' ? 'first' : 'reload';
const port = Number(process.env.PORT ?? 4390);
const origin = `http://127.0.0.1:${String(port)}`;
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--outDir', dir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
  detached: true,
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 2000));
const browser = await chromium.launch({
  executablePath: process.env.PW_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const ms = (value) => (value === undefined ? '     -' : value.toFixed(0).padStart(6));
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(installProbes);
  const usable = () => page.waitForFunction(() => window.__bench?.usable?.paint !== undefined, null, { timeout: 120_000, polling: 100 });
  await page.goto(`${origin}/?scenario=${fleet}`, { waitUntil: 'commit' });
  await usable();
  if (phase === 'reload') {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await page.reload({ waitUntil: 'commit' });
    await usable();
  }
  const { fetches, longtasks, paint } = await page.evaluate(() => ({ fetches: window.__bench.fetches, longtasks: window.__bench.longtasks, paint: window.__bench.usable.paint }));
  const arm = fetches.filter((f) => f.url.startsWith('https://management.azure.com/'));
  console.log(`${fleet}, ${phase}: usable at ${ms(paint)} ms after navigation; ${String(arm.length)} ARM calls\n\n  asked answered  status  call`);
  for (const call of arm) {
    const url = new URL(call.url);
    const path = url.pathname.replace(/\/subscriptions\/[0-9a-f-]{36}/, '/subscriptions/…').replace(/^\/subscriptions\/…\/resourceGroups\/[^/]+/, '/subscriptions/…/resourceGroups/…');
    const token = url.searchParams.get('$skiptoken');
    console.log(`  ${ms(call.start)} ${ms(call.end)}   ${String(call.status ?? '-').padStart(3)}   ${call.method} ${path}${token === null ? '' : ` ($skiptoken ${token})`}`);
  }
  const subscriptions = arm.find((call) => new URL(call.url).pathname === '/subscriptions');
  const lists = arm.filter((call) => /\/providers\/Microsoft\.(Compute|ClassicCompute|Network|Security|Authorization\/policyAssignments)/.test(call.url));
  console.log(`\n  first call asked        ${ms(arm[0]?.start)}`);
  console.log(`  subscriptions answered  ${ms(subscriptions?.end)}   (the worker has loaded and built the fleet)`);
  console.log(`  last list answered      ${ms(Math.max(...lists.map((call) => call.end ?? 0)))}`);
  console.log(`  usable (painted)        ${ms(paint)}`);
  console.log(`  long tasks              ${longtasks.map((task) => `${task.start.toFixed(0)}+${task.duration.toFixed(0)}`).join(' ') || 'none'}`);
} finally {
  await browser.close();
  process.kill(-server.pid);
}
