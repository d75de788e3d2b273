// A/B of time to usable between builds, in one session, alternating: on a noisy 2-core machine two
// separate `npm run bench` runs differ by more than most changes do, so compare builds side by side.
//
//   node node_modules/vite/bin/vite.js build --outDir /tmp/a   # (on the old code)
//   node node_modules/vite/bin/vite.js build --outDir /tmp/b   # (on the new code)
//   node bench/ab.mjs old=/tmp/a new=/tmp/b                     # ROUNDS=4, WAIT=2500 (ms before the reload)
//
// With each build's reloads (both fleets) also split into phases (medians, ms): until the first ARM call is
// asked (the page's own start), until the subscriptions are answered (the emulator worker loads
// and rebuilds the fleet), until the last list or Resource Graph page is answered, and until usable
// (the page classifies and renders). A change to one phase shows there even when the totals are noisy.
//
// Each round loads every build on both fleets (first visit, then reload), in alternating order,
// and prints the medians per build: default and large, first visit and reload, and the ratios.
import { installProbes } from './page-probes.mjs';
import { launchChromium, servePreviews } from './preview.mjs';

const builds = process.argv.slice(2).map((arg, i) => {
  const [name, dir] = arg.split('=');
  if (!name || !dir) throw new Error(`expected name=dist-directory, got "${arg}"`);
  return { name, dir, port: 4300 + i, samples: { defaultCold: [], defaultWarm: [], largeCold: [], largeWarm: [] }, phases: { default: [], large: [] } };
});
if (builds.length === 0) throw new Error('usage: node bench/ab.mjs name=dist-directory [name=dist-directory …]');
const rounds = Number(process.env.ROUNDS ?? 4);
const wait = Number(process.env.WAIT ?? 2500);

const previews = await servePreviews(builds.map((build) => [build.dir, build.port]));
const browser = await launchChromium();

const usable = async (page) => {
  await page.waitForFunction(() => window.__bench?.usable?.paint !== undefined, null, { timeout: 120_000, polling: 100 });
  return page.evaluate(() => window.__bench.usable.paint);
};

async function load(build, fleet) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(installProbes);
    await page.goto(`http://127.0.0.1:${String(build.port)}/?scenario=${fleet}`, { waitUntil: 'commit' });
    const cold = await usable(page);
    await new Promise((resolve) => setTimeout(resolve, wait));
    await page.reload({ waitUntil: 'commit' });
    const warm = await usable(page);
    return { cold, warm, phases: await page.evaluate(phasesOf) };
  } finally {
    await context.close();
  }
}

/** In the page: the reload's phases between its milestones (page-probes.mjs). */
function phasesOf() {
  const m = window.__bench.milestones();
  return { start: m.firstAsked, boot: m.subscriptionsAnswered - m.firstAsked, lists: m.lastListAnswered - m.subscriptionsAnswered, render: m.usable - m.lastListAnswered };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      for (const fleet of round % 2 === 0 ? ['default', 'large'] : ['large', 'default']) {
        const { cold, warm, phases } = await load(build, fleet);
        build.samples[`${fleet}Cold`].push(cold);
        build.samples[`${fleet}Warm`].push(warm);
        build.phases[fleet].push(phases);
      }
    }
  }
  for (const { name, samples } of builds) {
    const m = Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
    console.log(
      `${name.padEnd(12)} default ${m.defaultCold.toFixed(0)} / ${m.defaultWarm.toFixed(0)} ms · large ${m.largeCold.toFixed(0)} / ${m.largeWarm.toFixed(0)} ms` +
        ` · ratio first visit ${(m.largeCold / m.defaultCold).toFixed(2)}×, reload ${(m.largeWarm / m.defaultWarm).toFixed(2)}×` +
        ` · large reloads ${samples.largeWarm.map((v) => v.toFixed(0)).join(', ')}`,
    );
  }
  for (const { name, phases } of builds) {
    for (const fleet of ['default', 'large']) {
      const m = (key) => median(phases[fleet].map((p) => p[key])).toFixed(0);
      console.log(`${name.padEnd(12)} ${fleet.padEnd(7)} reload phases (median ms): start ${m('start')} · worker boot ${m('boot')} · lists ${m('lists')} · page render ${m('render')}`);
    }
  }
} finally {
  await browser.close();
  previews.stop();
}
