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
//   WORKER=1 node bench/timeline.mjs /tmp/a          # also the emulator worker's CPU profile: its
//                                                      busy time per 100 ms and self time per function
//   DUMP=/tmp/w WORKER=1 PROFILE=1 node bench/timeline.mjs /tmp/a  # also writes the profiles as
//                                                      /tmp/w.worker.cpuprofile and /tmp/w.page.cpuprofile
import { existsSync, writeFileSync } from 'node:fs';
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
  const cdp = process.env.PROFILE || process.env.WORKER ? await context.newCDPSession(page) : undefined;
  // The worker is profiled from its first instruction: Chromium holds each new worker until its
  // profiler has started (waitForDebuggerOnStart), through the page's CDP session.
  let workerProfile;
  // Set just before the measured reload (a reload's first-visit worker is let run unprofiled).
  let reloading = false;
  if (process.env.WORKER) {
    let nextId = 1;
    const replies = new Map();
    let workerSession;
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message);
      if (message.id !== undefined && replies.has(message.id)) {
        replies.get(message.id)(message.result ?? message.error);
        replies.delete(message.id);
      }
    });
    const send = (sessionId, method, params = {}) =>
      new Promise((resolve) => {
        const id = nextId++;
        replies.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    cdp.on('Target.attachedToTarget', async (event) => {
      if (event.targetInfo.type !== 'worker' || !event.waitingForDebugger) return;
      // Only the worker of the load being measured (the first visit's is skipped on a reload).
      if (phase === 'reload' && !reloading) return void send(event.sessionId, 'Runtime.runIfWaitingForDebugger');
      workerSession = event.sessionId;
      await send(workerSession, 'Profiler.enable');
      await send(workerSession, 'Profiler.setSamplingInterval', { interval: 250 });
      await send(workerSession, 'Profiler.start');
      await send(workerSession, 'Runtime.runIfWaitingForDebugger');
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    workerProfile = async () => (workerSession === undefined ? undefined : (await send(workerSession, 'Profiler.stop')).profile);
  }
  const startProfile = async () => {
    if (!cdp || !process.env.PROFILE) return;
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
    reloading = true;
    await page.reload({ waitUntil: 'commit' });
    await usable();
  }
  const profile = cdp && process.env.PROFILE ? (await cdp.send('Profiler.stop')).profile : undefined;
  const worker = workerProfile ? await workerProfile() : undefined;
  const { fetches, longtasks, paint, milestones } = await page.evaluate(() => ({ fetches: window.__bench.fetches, longtasks: window.__bench.longtasks, paint: window.__bench.usable.paint, milestones: window.__bench.milestones() }));
  const arm = fetches.filter((f) => f.url.startsWith('https://management.azure.com/'));
  console.log(`${fleet}, ${phase}: usable at ${ms(paint)} ms after navigation; ${String(arm.length)} ARM calls\n\n  asked answered  status  call`);
  for (const call of arm) {
    const url = new URL(call.url);
    const path = url.pathname.replace(/\/subscriptions\/[0-9a-f-]{36}/, '/subscriptions/…').replace(/^\/subscriptions\/…\/resourceGroups\/[^/]+/, '/subscriptions/…/resourceGroups/…');
    const token = url.searchParams.get('$skiptoken');
    console.log(`  ${ms(call.start)} ${ms(call.end)}   ${String(call.status ?? '-').padStart(3)}   ${call.method} ${path}${token === null ? '' : ` ($skiptoken ${token})`}`);
  }
  console.log(`\n  first call asked        ${ms(milestones.firstAsked)}`);
  console.log(`  subscriptions answered  ${ms(milestones.subscriptionsAnswered)}   (the worker has loaded and built the fleet)`);
  console.log(`  last list answered      ${ms(milestones.lastListAnswered)}`);
  console.log(`  usable (painted)        ${ms(paint)}`);
  console.log(`  long tasks              ${longtasks.map((task) => `${task.start.toFixed(0)}+${task.duration.toFixed(0)}`).join(' ') || 'none'}`);
  if (process.env.DUMP) {
    if (profile) writeFileSync(`${process.env.DUMP}.page.cpuprofile`, JSON.stringify(profile));
    if (worker) writeFileSync(`${process.env.DUMP}.worker.cpuprofile`, JSON.stringify(worker));
  }
  if (profile) printProfile(profile, 'main thread');
  if (worker) printProfile(worker, 'emulator worker');
} finally {
  await browser.close();
  preview.stop();
}

/** A thread's self time per function (source-mapped to src/, mocks/ and node_modules/), top 30, and its busy time per 100 ms. */
function printProfile(profile, thread) {
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
  const busy = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    at += profile.timeDeltas[i] ?? 0;
    const bucket = Math.floor((at - profile.startTime) / 100_000);
    if (frame.functionName !== '(idle)' && frame.functionName !== '(program)') busy[bucket] = (busy[bucket] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let where = frame.functionName || '(anonymous)';
    if (frame.url) {
      const map = mapFor(frame.url);
      const position = map ? originalPosition(map, frame.lineNumber, frame.columnNumber) : undefined;
      where = position ? `${position.source.replace(/^(\.\.\/)+/, '')}:${String(position.line)}` : `${where} ${frame.url}`;
    }
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  console.log(`\n  ${thread}, busy ms per 100 ms from its profile's start: ${Array.from(busy, (ms) => (ms ?? 0).toFixed(0)).join(' ')}`);
  console.log(`  ${thread}, self time (ms)  (build with --sourcemap hidden to see sources)`);
  for (const [where, total] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${total.toFixed(1).padStart(8)}  ${where}`);
}
