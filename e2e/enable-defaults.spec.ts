import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf, openBlade, policyPath, rowAction } from './support/console';

interface Policy {
  etag?: string;
  properties: { virtualMachines: { id: string; ports: { number: number }[] }[] };
}

test.setTimeout(120_000);

test('enable JIT on two VMs with the default ports: one policy write, deny rules in their NSGs, VMs move to Configured', async ({ page }) => {
  await openBlade(page, 'recommended');
  const before = await armGet<Policy>(page, policyPath('rg-web', 'westeurope'));
  expect(before.properties.virtualMachines.map((vm) => vm.id.split('/').pop())).toEqual(['vm-web-01', 'vm-web-02']);

  await page.getByRole('checkbox', { name: 'Select vm-web-03' }).check();
  await page.getByRole('checkbox', { name: 'Select vm-web-04' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 2 VMs' }).click();

  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  await expect(pane).toBeVisible();
  const ports = pane.getByRole('table', { name: 'Ports protected by JIT' });
  await expect(ports.getByRole('row')).toHaveCount(5);
  for (const port of ['22', '3389', '5985', '5986']) await expect(ports.getByRole('cell', { name: port, exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-enable.png' });

  await pane.getByRole('button', { name: 'Save' }).dblclick();
  await expect(pane.getByText('Saved. JIT now protects vm-web-03, vm-web-04.')).toBeVisible();

  // One policy per resource group and location: the existing one, the other VMs kept.
  const after = await armGet<Policy>(page, policyPath('rg-web', 'westeurope'));
  expect(after.properties.virtualMachines.map((vm) => vm.id.split('/').pop())).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-03', 'vm-web-04']);
  expect(after.properties.virtualMachines[2]?.ports.map((p) => p.number)).toEqual([22, 3389, 5985, 5986]);

  const denies = jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03')));
  expect(denies.map((rule) => [rule.properties.destinationPortRange, rule.properties.access]).sort()).toEqual([
    ['22', 'Deny'],
    ['3389', 'Deny'],
    ['5985', 'Deny'],
    ['5986', 'Deny'],
  ]);
  // The user's own RDP rule keeps precedence: JIT's 3389 deny goes below it.
  const userRdp = (await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03'))).find((rule) => rule.name === 'Allow-RDP-Office');
  const rdpDeny = denies.find((rule) => rule.properties.destinationPortRange === '3389');
  expect(rdpDeny?.properties.priority).toBeGreaterThan(userRdp?.properties.priority ?? Infinity);

  await pane.getByRole('button', { name: 'View NSG rules of vm-web-03' }).click();
  const drawer = page.getByRole('dialog', { name: 'NSG rules JIT wrote for vm-web-03' });
  await expect(drawer.getByRole('row')).toHaveCount(5);
  await expect(drawer.getByRole('cell', { name: 'Deny', exact: true })).toHaveCount(4);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-nsg-rules.png' });
  await drawer.getByRole('button', { name: 'Close' }).last().click();

  await page.getByRole('tab', { name: /^Configured/ }).click();
  const configured = page.getByRole('table', { name: 'Configured' });
  await expect(configured.getByText('vm-web-03')).toBeVisible();
  await expect(configured.getByText('vm-web-04')).toBeVisible();

  // The enabled VMs left Recommended, and its selection with them: nothing there is (half-)selected.
  await page.getByRole('tab', { name: /^Recommended/ }).click();
  const selectAll = page.getByRole('table', { name: 'Recommended' }).getByRole('checkbox', { name: 'Select all' });
  await expect(selectAll).not.toBeChecked();
  expect(await selectAll.evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(false);
  await expect(page.getByRole('button', { name: 'Enable JIT on 0 VMs' })).toBeDisabled();

  // Removing JIT from one of them brings it back to Recommended unselected.
  await page.getByRole('tab', { name: /^Configured/ }).click();
  await rowAction(page, 'vm-web-03', /^Remove/);
  const remove = page.getByRole('dialog', { name: 'Remove JIT from vm-web-03?' });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(remove.getByText('JIT was removed from vm-web-03.')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /^Recommended/ }).click();
  await expect(page.getByRole('checkbox', { name: 'Select vm-web-03' })).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Enable JIT on 0 VMs' })).toBeDisabled();
});
