import { expect, test } from '@playwright/test';
import { armGet } from './support/arm';
import { openBlade, policyPath, rowAction } from './support/console';

// Issue 6, Concurrency: two tabs of one browser (one context: shared IndexedDB, each tab its own
// emulator in memory, kept in step over a BroadcastChannel — mocks/cross-tab.ts) edit the same
// policy. The second save carries a stale If-Match, answers 412, and the pane says someone else
// changed the policy, shows what it holds now and re-applies the change without retyping.

interface Policy {
  properties: { virtualMachines: { id: string; ports: { number: number; maxRequestAccessDuration: string }[] }[] };
}

test.setTimeout(180_000);

test('two tabs edit the same policy: no silent overwrite, the second sees the current version and re-applies', async ({ context }) => {
  const a = await context.newPage();
  await openBlade(a);
  const b = await context.newPage();
  await openBlade(b);

  // Both open Edit on the same VM, reading the same version.
  await rowAction(a, 'vm-sql-01', /^Edit/);
  const paneA = a.getByRole('dialog', { name: 'JIT VM access configuration' });
  await expect(paneA.getByRole('cell', { name: '1433', exact: true })).toBeVisible();
  await rowAction(b, 'vm-sql-01', /^Edit/);
  const paneB = b.getByRole('dialog', { name: 'JIT VM access configuration' });
  await expect(paneB.getByRole('cell', { name: '1433', exact: true })).toBeVisible();

  // A removes 1433 and saves.
  await paneA.getByRole('button', { name: 'Delete port 1433' }).click();
  await paneA.getByRole('button', { name: 'Save' }).click();
  await expect(paneA.getByText('Saved. JIT now protects vm-sql-01.')).toBeVisible();

  // B, still on the old version, sets 3389 to 5 hours and saves: refused, not overwritten.
  await paneB.getByRole('button', { name: 'Edit port 3389' }).click();
  const dialog = b.getByRole('dialog', { name: 'Edit port configuration' });
  await dialog.getByRole('textbox', { name: 'Max request time (hours)' }).fill('5');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await paneB.getByRole('button', { name: 'Save' }).click();
  const conflict = paneB.getByRole('alert').filter({ hasText: 'Someone else changed policy "default" in rg-sql' });
  await expect(conflict).toBeVisible({ timeout: 30_000 });
  await expect(conflict).toContainText('PreconditionFailed');
  // The current version: A's change (1433 gone).
  await expect(conflict).toContainText('vm-sql-01: ports 3389/');
  await expect(conflict).not.toContainText('1433');
  const held = await armGet<Policy>(a, policyPath('rg-sql', 'northeurope'));
  expect(held.properties.virtualMachines[0]?.ports.map((p) => [p.number, p.maxRequestAccessDuration])).toEqual([[3389, 'PT3H']]);
  // What B typed is still in its form.
  await expect(paneB.getByRole('cell', { name: '5 hours' })).toBeVisible();

  await conflict.getByRole('button', { name: 'Re-apply my change' }).click();
  await expect(paneB.getByText('Saved. JIT now protects vm-sql-01.')).toBeVisible({ timeout: 30_000 });
  const after = await armGet<Policy>(b, policyPath('rg-sql', 'northeurope'));
  expect(after.properties.virtualMachines[0]?.ports.find((p) => p.number === 3389)?.maxRequestAccessDuration).toBe('PT5H');
  // Tab A sees B's write too (same storage, same emulator state).
  const seenByA = await armGet<Policy>(a, policyPath('rg-sql', 'northeurope'));
  expect(seenByA).toEqual(after);
});
