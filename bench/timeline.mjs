// The ARM calls of one load of a built app, on a timeline: when each call was asked and answered
// (the emulator's User Timing measures, see mocks/browser.ts), the long tasks, and when the blade
// became usable. It shows which phase a load waits on; on this 2-core machine a 10,000-VM reload
// waited ~0.6 s for the emulator's worker to load, ~0.3 s for it to build the fleet, ~0.7 s for it
// to serialise 23 MB of list pages back to back, then ~0.15 s for the page to classify and render.
//
//   node node_modules/vite/bin/vite.js build --outDir /tmp/a --sourcemap hidden
//   node bench/timeline.mjs /tmp/a large            # fleet: default | large (default large)
//   PHASE=first node bench/timeline.mjs /tmp/a       # the first visit instead of the reload
//   PROFILE=1 node bench/timeline.mjs /tmp/a         # also the page's CPU profile of that load:
//                                                      self time per function, source-mapped
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installProbes } from './page-probes.mjs';
import { launchChromium, servePreviews } from './preview.mjs';
import { originalPosition, readSourceMap } from './source-map.mjs';

const [dir, fleet = 'large'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/timeline.mjs <built dist directory> [default|large]');
const phase = process.env.PHASE === 'first' ? 'first' : 'reload';
const port = Number(process.env.PORT ?? 4390);
const origin = `http://127.0.0.1:${String(port)}`;
const preview = await servePreviews([[dir, port]]);
const browser = await launchChromium();
const ms = (value) => (value === undefined ? '     -' : value.toFixed(0).padStart(6));
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(installProbes);
  const usable = () => page.waitForFunction(() => window.__bench?.usable?.paint !== undefined, null, { timeout: 120_000, polling: 100 });
  const cdp = process.env.PROFILE ? await context.newCDPSession(page) : undefined;
  const startProfile = async () => {
    if (!cdp) return;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  };
  if (phase === 'first') await startProfile();
  await page.goto(`${origin}/?scenario=${fleet}`, { waitUntil: 'commit' });
  await usable();
  if (phase === 'reload') {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await startProfile();
    await page.reload({ waitUntil: 'commit' });
    await usable();
  }
  const profile = cdp ? (await cdp.send('Profiler.stop')).profile : undefined;
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
  const lists = arm.filter((call) => /\/providers\/Microsoft\.(Compute|ClassicCompute|Network|Security|ResourceGraph|Authorization\/policyAssignments)/.test(call.url));
  console.log(`\n  first call asked        ${ms(arm[0]?.start)}`);
  console.log(`  subscriptions answered  ${ms(subscriptions?.end)}   (the worker has loaded and built the fleet)`);
  console.log(`  last list answered      ${ms(Math.max(...lists.map((call) => call.end ?? 0)))}`);
  console.log(`  usable (painted)        ${ms(paint)}`);
  console.log(`  long tasks              ${longtasks.map((task) => `${task.start.toFixed(0)}+${task.duration.toFixed(0)}`).join(' ') || 'none'}`);
  if (profile) printProfile(profile);
} finally {
  await browser.close();
  preview.stop();
}

/** The page's main-thread self time per function (source-mapped to src/ and node_modules/), top 30. */
function printProfile(profile) {
  const maps = new Map();
  const mapFor = (url) => {
    const match = /\/assets\/[^/?#]+\.js/.exec(url);
    if (!match) return undefined;
    const file = path.join(dir, match[0].slice(1));
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? readSourceMap(`${file}.map`) : undefined);
    return maps.get(file);
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    let where = frame.functionName || '(anonymous)';
    if (frame.url) {
      const map = mapFor(frame.url);
      const position = map ? originalPosition(map, frame.lineNumber, frame.columnNumber) : undefined;
      where = position ? `${position.source.replace(/^(\.\.\/)+/, '')}:${String(position.line)}` : `${where} ${frame.url}`;
    }
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  console.log('\n  main thread, self time (ms)  (build with --sourcemap hidden to see sources)');
  for (const [where, total] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${total.toFixed(1).padStart(8)}  ${where}`);
}
