import { expect, test } from '@playwright/test';
import { jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf, openBlade, rowAction } from './support/console';

test.setTimeout(120_000);

test('request access with My IP, then with an IP range, and see how to connect', async ({ page }) => {
  await openBlade(page);
  await page.getByRole('checkbox', { name: 'Select vm-web-02' }).check();
  await page.getByRole('button', { name: 'Request access' }).click();
  const pane = page.getByRole('dialog', { name: 'Request access' });
  await expect(pane.getByText('If you are behind a proxy, My IP may not work')).toBeVisible();
  await expect(pane.getByRole('radio', { name: 'My IP' })).toBeChecked();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-request.png' });
  await pane.getByRole('button', { name: 'Open ports' }).dblclick();
  await expect(pane.getByText('Access to vm-web-02 granted.')).toBeVisible();
  // My IP: the service reports the caller's address (the emulator's admin egress IP).
  await expect(pane.getByText(/port 3389 from 203\.0\.113\.10/)).toBeVisible();
  await expect(pane.getByRole('button', { name: /^Copy .+:3389$/ })).toBeVisible();
  await page.screenshot({ path: '/tmp/pane-request-granted.png' });

  const allows = jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-02'))).filter((rule) => rule.properties.access === 'Allow');
  expect(allows.map((rule) => [rule.properties.destinationPortRange, rule.properties.sourceAddressPrefix])).toEqual([['3389', '203.0.113.10']]);
  await pane.getByRole('button', { name: 'Close' }).last().click();

  await rowAction(page, 'vm-web-01', /^Request access/);
  const second = page.getByRole('dialog', { name: 'Request access' });
  await second.getByRole('switch', { name: 'Open port 5985' }).uncheck();
  await second.getByRole('switch', { name: 'Open port 5986' }).uncheck();
  await second.getByRole('radio', { name: 'IP range' }).check();
  const range = second.getByRole('textbox', { name: 'IP range (address or CIDR range)' });
  await range.fill('10.1.0.300/24');
  await expect(second.getByText('"10.1.0.300/24" is not a valid IP address or CIDR range.')).toBeVisible();
  await range.fill('10.1.0.0/24');
  await second.getByRole('button', { name: 'Open ports' }).click();
  await expect(second.getByText('Access to vm-web-01 granted.')).toBeVisible();
  await expect(second.getByText(/port 3389 from 10\.1\.0\.0\/24/)).toBeVisible();

  const allows01 = jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-01'))).filter((rule) => rule.properties.access === 'Allow');
  expect(allows01.map((rule) => [rule.properties.destinationPortRange, rule.properties.sourceAddressPrefix])).toEqual([['3389', '10.1.0.0/24']]);
  await second.getByRole('button', { name: 'Close' }).last().click();

  // The Configured row shows the open port.
  await expect(page.getByRole('row', { name: /vm-web-02/ })).toContainText('3389');
});
