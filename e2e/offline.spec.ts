import { expect, test, type Page } from '@playwright/test';
import { openBlade } from './support/console';
import { setFaults } from './support/faults';

// Issue 6, Faults: offline (the emulator's worker unreachable) shows a clear banner instead of
// endless spinners, and the console recovers when the connection is back — by the banner's
// button, and by itself when the browser reports it is online again. Simulated with the
// emulator's "dropped connection" fault on every read: fetch rejects, as it does offline.
// (context.setOffline does not reach requests the emulator answers in the page, so it cannot be used.)

test.setTimeout(120_000);

const BANNER = "Can't reach Azure Resource Manager";

async function dropAllReadsAndReload(page: Page): Promise<void> {
  await setFaults(page, { dropRate: 1, methods: ['GET'], seed: 1 });
  // Switching user drops every cached answer, so the blade reads everything again.
  await page.getByRole('combobox', { name: 'Signed in as' }).click();
  await page.getByRole('option', { name: /reader@contoso\.com/ }).click();
}

test('unreachable ARM: a banner instead of spinners; Retry now and coming back online recover', async ({ page }) => {
  await openBlade(page);
  await dropAllReadsAndReload(page);
  const banner = page.getByRole('alert').filter({ hasText: BANNER });
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(banner).toContainText('nothing you typed is lost');
  // No spinner left running once the reads gave up.
  await expect(page.getByText('Loading virtual machines…')).toHaveCount(0, { timeout: 30_000 });
  await page.screenshot({ path: '/tmp/offline-banner.png' });

  // Still unreachable: Retry keeps the banner.
  await banner.getByRole('button', { name: 'Retry now' }).click();
  await expect(banner.getByRole('button', { name: 'Retry now' })).toBeEnabled({ timeout: 30_000 });
  await expect(banner).toBeVisible();

  // Back: the button recovers.
  await setFaults(page, {});
  await banner.getByRole('button', { name: 'Retry now' }).click();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('tab', { name: /^Configured \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible();

  // Again, and this time the browser's "online" event recovers without a click.
  await setFaults(page, { dropRate: 1, methods: ['GET'], seed: 2 });
  await page.getByRole('combobox', { name: 'Signed in as' }).click();
  await page.getByRole('option', { name: /admin@contoso\.com/ }).click();
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await setFaults(page, {});
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible();
});
