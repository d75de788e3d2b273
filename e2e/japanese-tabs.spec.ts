import { expect, test } from '@playwright/test';
import { jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf } from './support/console';

test.setTimeout(120_000);

test('the Japanese UI shows the seed’s tab names and pane terms', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('jit.language', 'ja');
  });
  await page.goto('/');
  await expect(page.getByRole('tab', { name: /^構成済み \(\d+\)$/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('tab', { name: /^推奨 \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^推奨なし \(\d+\)$/ })).toBeVisible();

  await page.getByRole('checkbox', { name: /vm-web-02/ }).check();
  await page.getByRole('button', { name: 'アクセス権の要求' }).click();
  const pane = page.getByRole('dialog', { name: 'アクセス権の要求' });
  await expect(pane.getByRole('button', { name: 'ポートを開く' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-request-ja.png' });
  // Looking opens nothing.
  expect(jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-02'))).filter((rule) => rule.properties.access === 'Allow')).toEqual([]);
});
