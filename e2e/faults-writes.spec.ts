import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { nsgIdOf, openBlade, policyPath, rowAction } from './support/console';
import { recordArmCalls, setFaults } from './support/faults';

// Issue 6, Faults: a write refused by the service shows a precise error (ARM code and correlation
// id), the form keeps everything typed, and retrying once the service is back writes once. A PUT
// may be retried (idempotent); an initiate never (a second one would be a second grant).

interface Policy {
  properties: {
    virtualMachines: { id: string; ports: { number: number }[] }[];
    requests?: { virtualMachines: { id: string; ports: { number: number; allowedSourceAddressPrefix?: string }[] }[]; justification?: string }[];
  };
}

const CORRELATION = /Correlation id: [0-9a-f-]{8,}/;

test.setTimeout(120_000);

test('Save refused by a 500: the error names the code and correlation id, the ports typed stay, and Save again writes the policy once', async ({ page }) => {
  await openBlade(page, 'recommended');
  await page.getByRole('checkbox', { name: 'Select vm-web-03' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 1 VM' }).click();
  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  const table = pane.getByRole('table', { name: 'Ports protected by JIT' });
  // What the user typed: one default port removed, a custom one added.
  await pane.getByRole('button', { name: 'Delete port 5985' }).click();
  await pane.getByRole('button', { name: 'Add' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add port configuration' });
  await dialog.getByRole('textbox', { name: 'Port' }).fill('8443');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(table.getByRole('cell', { name: '8443', exact: true })).toBeVisible();

  const calls = await recordArmCalls(page);
  await setFaults(page, { failureRate: 1, failureStatus: 500, methods: ['PUT'], pathContains: '/jitNetworkAccessPolicies/', seed: 3 });
  await pane.getByRole('button', { name: 'Save' }).click();
  const failure = pane.getByRole('alert').filter({ hasText: 'Policy "default" (rg-web, westeurope) for vm-web-03' });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('InternalServerError: The service is temporarily unavailable (injected fault). Please retry.');
  await expect(failure).toContainText(CORRELATION);
  // The PUT is idempotent, so arm-client retried it (4 attempts), and nothing was written.
  expect(calls.filter((call) => call.method === 'PUT').map((call) => call.status)).toEqual([500, 500, 500, 500]);
  const unchanged = await armGet<Policy>(page, policyPath('rg-web', 'westeurope'));
  expect(unchanged.properties.virtualMachines.map((vm) => vm.id.split('/').pop())).toEqual(['vm-web-01', 'vm-web-02']);
  // Nothing typed was lost.
  for (const port of ['22', '3389', '5986', '8443']) await expect(table.getByRole('cell', { name: port, exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: '5985', exact: true })).toHaveCount(0);

  await setFaults(page, {});
  await pane.getByRole('button', { name: 'Save' }).click();
  await expect(pane.getByText('Saved. JIT now protects vm-web-03.')).toBeVisible();
  expect(calls.filter((call) => call.method === 'PUT').map((call) => call.status)).toEqual([500, 500, 500, 500, 200]);
  const after = await armGet<Policy>(page, policyPath('rg-web', 'westeurope'));
  expect(after.properties.virtualMachines.find((vm) => vm.id.endsWith('/vm-web-03'))?.ports.map((p) => p.number)).toEqual([22, 3389, 5986, 8443]);
  const denies = jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03')));
  expect(denies.map((rule) => rule.properties.destinationPortRange).sort()).toEqual(['22', '3389', '5986', '8443']);
});

test('Open ports refused by a 503: never repeated, precise error, choices kept; retry grants exactly once', async ({ page }) => {
  await openBlade(page);
  await rowAction(page, 'vm-web-01', /^Request access/);
  const pane = page.getByRole('dialog', { name: 'Request access' });
  await pane.getByRole('switch', { name: 'Open port 5985' }).uncheck();
  await pane.getByRole('switch', { name: 'Open port 5986' }).uncheck();
  await pane.getByRole('radio', { name: 'IP range' }).check();
  const range = pane.getByRole('textbox', { name: 'IP range (address or CIDR range)' });
  await range.fill('10.1.0.0/24');
  const justification = pane.getByRole('textbox', { name: 'Justification (optional)' });
  await justification.fill('INC-4711 patching');

  const calls = await recordArmCalls(page);
  await setFaults(page, { failureRate: 1, failureStatus: 503, retryAfterSeconds: 1, methods: ['POST'], pathContains: '/initiate', seed: 5 });
  await pane.getByRole('button', { name: 'Open ports' }).click();
  const refusal = pane.getByRole('alert').filter({ hasText: 'Refused for vm-web-01' });
  await expect(refusal).toContainText('ServiceUnavailable: The service is temporarily unavailable (injected fault). Please retry.');
  await expect(refusal).toContainText(CORRELATION);
  // An initiate is not idempotent: one attempt, even though 503 carries Retry-After.
  expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  await expect(pane.getByRole('switch', { name: 'Open port 3389' })).toBeChecked();
  await expect(pane.getByRole('switch', { name: 'Open port 5985' })).not.toBeChecked();
  await expect(pane.getByRole('radio', { name: 'IP range' })).toBeChecked();
  await expect(range).toHaveValue('10.1.0.0/24');
  await expect(justification).toHaveValue('INC-4711 patching');
  // The seed has another user's open request on this VM; none from the requested range was added.
  const fromRange = async () =>
    jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-01'))).filter((rule) => rule.properties.access === 'Allow' && rule.properties.sourceAddressPrefix === '10.1.0.0/24');
  expect(await fromRange()).toEqual([]);

  await setFaults(page, {});
  await pane.getByRole('button', { name: 'Open ports' }).click();
  await expect(pane.getByText('Access to vm-web-01 granted.')).toBeVisible();
  expect(calls.filter((call) => call.method === 'POST').map((call) => call.status)).toEqual([503, 202]);
  expect((await fromRange()).map((rule) => rule.properties.destinationPortRange)).toEqual(['3389']);
  const policy = await armGet<Policy>(page, policyPath('rg-web', 'westeurope'));
  const mine = (policy.properties.requests ?? []).filter((request) => request.justification === 'INC-4711 patching');
  expect(mine).toHaveLength(1);
});

test('double and triple clicks on a slow Open ports and Save send one request each', async ({ page }) => {
  await openBlade(page);
  const calls = await recordArmCalls(page);
  await setFaults(page, { latencyMs: 1500, methods: ['POST', 'PUT'], seed: 9 });

  await rowAction(page, 'vm-web-02', /^Request access/);
  const request = page.getByRole('dialog', { name: 'Request access' });
  const open = request.getByRole('button', { name: 'Open ports' });
  await open.dblclick();
  // A third click while the request is in flight (the button is disabled then, or gone once granted).
  await open.click({ force: true, timeout: 1_000 }).catch(() => undefined);
  await expect(request.getByText('Access to vm-web-02 granted.')).toBeVisible();
  expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  const allows = jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-02'))).filter((rule) => rule.properties.access === 'Allow');
  expect(allows.map((rule) => rule.properties.destinationPortRange)).toEqual(['3389']);
  await request.getByRole('button', { name: 'Close' }).last().click();

  await rowAction(page, 'vm-sql-01', /^Edit/);
  const edit = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  await edit.getByRole('button', { name: 'Delete port 1433' }).click();
  const save = edit.getByRole('button', { name: 'Save' });
  await save.dblclick();
  await save.click({ force: true, timeout: 1_000 }).catch(() => undefined);
  await expect(edit.getByText('Saved. JIT now protects vm-sql-01.')).toBeVisible();
  expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1);
});
