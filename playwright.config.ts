import { defineConfig, devices, type ReporterDescription } from '@playwright/test';

// PW_PORT lets two people run journeys side by side; each port builds into its own folder.
const port = Number(process.env.PW_PORT ?? 4173);
const outDir = port === 4173 ? 'dist' : `dist-pw-${String(port)}`;
const baseURL = `http://127.0.0.1:${String(port)}`;

// PW_REPORTER=list,json (comma separated) overrides the default; the CLI --reporter wins over both.
const reporter: ReporterDescription[] = (process.env.PW_REPORTER ?? 'list')
  .split(',')
  .map((name): ReporterDescription => [name.trim()]);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // No browser downloads here: drive Debian's Chromium.
          executablePath: process.env.PW_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // The journeys run against the production build, emulator included.
    command: `node node_modules/vite/bin/vite.js build --outDir ${outDir} && node node_modules/vite/bin/vite.js preview --outDir ${outDir} --host 127.0.0.1 --port ${String(port)} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
