// Shared by bench/ab.mjs and bench/timeline.mjs: serve built dists with `vite preview` and launch
// Debian's Chromium (PW_CHROMIUM overrides /usr/bin/chromium) as the other bench scripts drive it.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

/** One `vite preview` per [dir, port]; resolves once they had time to listen. stop() ends them all. */
export async function servePreviews(pairs) {
  const servers = pairs.map(([dir, port]) =>
    spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--outDir', dir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      detached: true,
      stdio: 'ignore',
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return {
    stop: () => {
      for (const server of servers) process.kill(-server.pid);
    },
  };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.PW_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
