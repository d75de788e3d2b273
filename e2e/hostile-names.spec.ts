import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';

// Issue 6, Hostile names: with the emulator's `hostile` scenario (mocks/scenarios/hostile-scenario.ts),
// VM names, tags, justifications, requestors, callers and descriptions holding HTML, script,
// right-to-left overrides, long strings and Japanese render as text in the tables, the panes, the
// notifications and the activity log, nothing they contain runs, and the CSV export is inert.
// The values are repeated here (not imported from mocks/): the journey checks what a user sees.

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const JAPANESE_VM = '本番-サーバー-01';
const REQUESTOR = `${IMG}@contoso.com`;
const HOSTILE_SUB = '0badc0de-1234-4abc-8def-0123456789ab';
const FORMULA_START = /^[=+\-@\t\r]/;

test.setTimeout(180_000);

/** Nothing hostile became markup: no injected image, script or bold text, and no alert ran. */
async function expectInert(page: Page, dialogs: readonly string[]): Promise<void> {
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('script', { hasText: 'alert(1)' })).toHaveCount(0);
  await expect(page.locator('b', { hasText: '長い' })).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

test('hostile names render as text in the blade, the panes, notifications and the activity log; the CSV is inert', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto('/?scenario=hostile');
  await expect(page.getByRole('tab', { name: /^Configured \(\d+\)$/ })).toBeVisible({ timeout: 30_000 });
  const configured = page.getByRole('table', { name: 'Configured' });
  await expect(configured.getByText(JAPANESE_VM, { exact: true })).toBeVisible();
  // The hostile requestor is shown as the literal text it is.
  await expect(configured.getByText(REQUESTOR).first()).toBeAttached();
  await expectInert(page, dialogs);

  // The other tabs hold hostile VM names too.
  await page.getByRole('tab', { name: /^Recommended/ }).click();
  await expect(page.getByRole('table', { name: 'Recommended' }).getByText('vm-おすすめ-01', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: /^Not recommended/ }).click();
  await expect(page.getByRole('table', { name: 'Not recommended' }).getByText('vm-ノーNSG-公開', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: /^Configured/ }).click();
  await expectInert(page, dialogs);

  // Request access pane and the notification it raises.
  await page.getByRole('button', { name: `More actions for ${JAPANESE_VM}` }).click();
  await page.getByRole('menuitem', { name: /^Request access/ }).click();
  const pane = page.getByRole('dialog', { name: 'Request access' });
  await expect(pane.getByRole('heading', { name: `Ports of ${JAPANESE_VM}` })).toBeVisible();
  await pane.getByRole('textbox', { name: 'Justification (optional)' }).fill(`${SCRIPT} ${IMG} =1+1`);
  await pane.getByRole('button', { name: 'Open ports' }).click();
  await expect(pane.getByText(`Access to ${JAPANESE_VM} granted.`)).toBeVisible();
  await pane.getByRole('button', { name: 'Close' }).last().click();
  await expectInert(page, dialogs);
  await page.getByRole('button', { name: /notifications/i }).first().click();
  await expect(page.getByText(new RegExp(JAPANESE_VM)).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expectInert(page, dialogs);

  // Activity log of the hostile subscription: callers and descriptions as text.
  await page.goto(`/activity?sub=${HOSTILE_SUB}&span=7d`);
  await expect(page.getByRole('heading', { level: 1, name: 'Activity log' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`=HYPERLINK("http://evil.example","${IMG}")`, { exact: true })).toBeAttached();
  await expect(page.getByText(REQUESTOR).first()).toBeAttached();
  await expectInert(page, dialogs);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Click here to download all items as CSV' }).click()]);
  const text = (await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  expect(rows.length).toBeGreaterThan(5);
  for (const row of rows) for (const cell of row) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(FORMULA_START);
  // The hostile values are all there, escaped with a leading ' rather than dropped.
  const callers = rows.slice(1).map((row) => row[4] ?? '');
  for (const start of ['=', '+', '-', '@', '\t']) expect(callers).toContain(`'${start}HYPERLINK("http://evil.example","${IMG}")`);
  expect(rows.slice(1).some((row) => row[5]?.includes(SCRIPT))).toBe(true);
  expect(pageErrors).toEqual([]);
});
