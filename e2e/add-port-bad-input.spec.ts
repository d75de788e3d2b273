import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf, openBlade, policyPath } from './support/console';

test.setTimeout(120_000);

test('bad input in "Add port configuration" shows the domain messages next to each field and saves nothing', async ({ page }) => {
  await openBlade(page, 'recommended');
  const before = await armGet<{ etag: string }>(page, policyPath('rg-app', 'westeurope'));

  await page.getByRole('checkbox', { name: 'Select vm-app-02' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 1 VM' }).click();
  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  await pane.getByRole('button', { name: 'Add' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add port configuration' });
  const port = dialog.getByRole('textbox', { name: 'Port' });
  await port.fill('70000');
  await expect(dialog.getByText('Port 70000 is out of range: a port must be a whole number from 0 to 65535.')).toBeVisible();
  await expect(port).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('radio', { name: 'Addresses or CIDR ranges' }).check();
  const sources = dialog.getByRole('textbox', { name: 'Addresses and CIDR ranges' });
  await sources.fill('10.0.0.300/24');
  await expect(dialog.getByText('"10.0.0.300/24" is not a valid IP address or CIDR range.')).toBeVisible();
  await expect(sources).toHaveAttribute('aria-invalid', 'true');

  const hours = dialog.getByRole('textbox', { name: 'Max request time (hours)' });
  await hours.fill('25');
  await expect(dialog.getByText(/The maximum request time "PT25H" \(25 hours\) is out of range/)).toBeVisible();
  await expect(hours).toHaveAttribute('aria-invalid', 'true');

  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-add-port-errors.png' });

  // OK refuses: the dialog stays, with what was typed.
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeVisible();
  await expect(port).toHaveValue('70000');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await pane.getByRole('button', { name: 'Cancel' }).click();

  const after = await armGet<{ etag: string; properties: { virtualMachines: { id: string }[] } }>(page, policyPath('rg-app', 'westeurope'));
  expect(after.etag).toBe(before.etag);
  expect(after.properties.virtualMachines.map((vm) => vm.id.split('/').pop())).toEqual(['vm-app-01']);
  expect(jitRules(await nsgRules(page, nsgIdOf('rg-app', 'nsg-snet-app'))).filter((rule) => rule.properties.description?.includes('vm-app-02'))).toEqual([]);
});
