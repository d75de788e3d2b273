import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { nsgIdOf, openBlade, policyPath } from './support/console';
import { recordArmCalls, setFaults } from './support/faults';

// Issue 6, Faults: reloading during a write loses nothing that was committed and shows nothing
// that was not. The emulator answers a write only after it is stored (IndexedDB journal), so a
// reload either sees the whole write or none of it.

interface Policy {
  properties: { virtualMachines: { id: string }[] };
}

const vmsOf = (policy: Policy) => policy.properties.virtualMachines.map((vm) => vm.id.split('/').pop());

test.setTimeout(120_000);

test('a reload while Save is in flight shows nothing of it; a committed Save survives a reload', async ({ page }) => {
  await openBlade(page, 'recommended');
  await page.getByRole('checkbox', { name: 'Select vm-web-03' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 1 VM' }).click();
  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });

  // The PUT is held for 5 s before the emulator handles it; the page reloads meanwhile.
  await setFaults(page, { latencyMs: 5_000, methods: ['PUT'], pathContains: '/jitNetworkAccessPolicies/' });
  const calls = await recordArmCalls(page);
  await pane.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => calls.filter((call) => call.method === 'PUT').length).toBe(1);
  await page.reload();

  // Not committed: not shown anywhere, not in the policy, no deny rule.
  await expect(page.getByRole('tab', { name: /^Recommended \(\d+\)$/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('checkbox', { name: 'Select vm-web-03' })).toBeVisible();
  expect(vmsOf(await armGet<Policy>(page, policyPath('rg-web', 'westeurope')))).toEqual(['vm-web-01', 'vm-web-02']);
  expect(jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03')))).toEqual([]);

  // Committed (answered) before the reload: all of it is still there after.
  await page.getByRole('checkbox', { name: 'Select vm-web-03' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 1 VM' }).click();
  await pane.getByRole('button', { name: 'Save' }).click();
  await expect(pane.getByText('Saved. JIT now protects vm-web-03.')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await page.getByRole('tab', { name: /^Configured \(\d+\)$/ }).click();
  await expect(page.getByRole('link', { name: 'vm-web-03' })).toBeVisible({ timeout: 20_000 });
  expect(vmsOf(await armGet<Policy>(page, policyPath('rg-web', 'westeurope')))).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-03']);
  expect(jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03'))).length).toBe(4);
});
