import { expect, test, type Page } from '@playwright/test';
import { openBlade } from './support/console';
import { recordArmCalls, setFaults, type ArmCall } from './support/faults';

// Issue 6, Faults: reads retry with backoff and honour Retry-After. The fault injector is seeded,
// so a run repeats exactly. The blade is loaded fresh under faults by switching user (which drops
// every cached answer), the same reads a first visit makes: ARM lists (GET) and Resource Graph
// queries (POST, a read too).

const RESOURCE_GRAPH = '/providers/Microsoft.ResourceGraph/resources';
const isRead = (call: ArmCall) => call.method === 'GET' || (call.method === 'POST' && call.path === RESOURCE_GRAPH);

test.setTimeout(120_000);

async function reloadFleetAs(page: Page, user: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: 'Signed in as' }).click();
  await page.getByRole('option', { name: user }).click();
}

/**
 * For each refused call, the gap until it was asked again: the next call with the same
 * x-ms-client-request-id, which the console keeps across a request's retries. Another request for
 * the same path (a query restarted when the user switch resets the cache) has its own id.
 */
function retryGaps(calls: readonly ArmCall[], status: number): number[] {
  const gaps: number[] = [];
  calls.forEach((call, index) => {
    if (call.status !== status || call.answeredAt === undefined || call.clientRequestId === undefined) return;
    const next = calls.slice(index + 1).find((later) => later.clientRequestId === call.clientRequestId);
    if (next !== undefined) gaps.push(next.at - call.answeredAt);
  });
  return gaps;
}

for (const fault of [
  { status: 503 as const, rate: 0.5, retryAfterSeconds: 1 },
  // React Query does not retry a 4xx, 429 included (src/app/query-client.ts), so arm-client's four
  // attempts are all a 429 gets: the rate stays where four refusals in a row are unlikely.
  { status: 429 as const, rate: 0.2, retryAfterSeconds: 2 },
]) {
  test(`reads answered ${String(fault.status)} with Retry-After ${String(fault.retryAfterSeconds)} s (${String(fault.rate * 100)}% of reads) still load the blade`, async ({ page }) => {
    await openBlade(page);
    const calls = await recordArmCalls(page);
    // POST too: nothing but Resource Graph queries is posted while the blade loads.
    await setFaults(page, { failureRate: fault.rate, failureStatus: fault.status, retryAfterSeconds: fault.retryAfterSeconds, methods: ['GET', 'POST'], seed: 42 });

    await reloadFleetAs(page, /reader@contoso\.com/);
    await expect(page.getByRole('tab', { name: /^Configured \(\d+\)$/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/Could not load virtual machines/)).toHaveCount(0);

    // Refused reads (ARM lists and Resource Graph queries) were asked again, and never before
    // Retry-After (the client's own first backoff is 0.5 s, so a shorter gap would mean the header
    // was ignored). A read cancelled by the user switch is not asked again, hence "most".
    const refused = calls.filter((call) => call.status === fault.status);
    expect(refused.length, 'the fault injector refused some reads').toBeGreaterThan(0);
    const gaps = retryGaps(calls, fault.status);
    expect(gaps.length).toBeGreaterThanOrEqual(Math.ceil(refused.length * 0.8));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(fault.retryAfterSeconds * 1000 - 150);
    // Reads only: nothing was written while retrying.
    expect(calls.filter((call) => !isRead(call))).toEqual([]);
  });
}

// The blade asks Resource Graph 3 queries across all subscriptions, too few for a rate to refuse
// one surely: here only they are faulted, and seed 7 refuses the first two asked.
test('Resource Graph queries refused with 503 and Retry-After are asked again after it, and the blade loads', async ({ page }) => {
  await openBlade(page);
  const calls = await recordArmCalls(page);
  await setFaults(page, { failureRate: 0.5, failureStatus: 503, retryAfterSeconds: 1, methods: ['POST'], pathContains: RESOURCE_GRAPH, seed: 7 });
  await reloadFleetAs(page, /reader@contoso\.com/);
  await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Could not load virtual machines/)).toHaveCount(0);

  const refused = calls.filter((call) => call.status === 503);
  expect(refused.length).toBeGreaterThanOrEqual(2);
  expect(refused.every((call) => call.path === RESOURCE_GRAPH)).toBe(true);
  // A query cancelled by the user switch is not asked again; the others were, after Retry-After.
  const gaps = retryGaps(calls, 503);
  expect(gaps.length).toBeGreaterThanOrEqual(1);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 - 150);
});

test('a 500 without Retry-After is retried with growing backoff, and a read that keeps failing says so instead of spinning', async ({ page }) => {
  await openBlade(page);
  const calls = await recordArmCalls(page);
  await setFaults(page, { failureRate: 1, failureStatus: 500, methods: ['GET'], pathContains: '/providers/Microsoft.Network/virtualNetworks', seed: 1 });
  await reloadFleetAs(page, /reader@contoso\.com/);
  await expect(page.getByText(/Could not load virtual machines/)).toBeVisible({ timeout: 60_000 });
  const vnetCalls = calls.filter((call) => call.path.endsWith('/providers/Microsoft.Network/virtualNetworks'));
  const same = vnetCalls.filter((call) => call.path === vnetCalls[0]?.path);
  // arm-client: 4 attempts (backoff 0.5 s, 1 s, 2 s); React Query: one more round of 4.
  expect(same.length).toBeGreaterThanOrEqual(8);
  // One request's attempts: its retries carry its x-ms-client-request-id (a read cancelled by the
  // user switch has no answer and no retry; take the first request that went through four).
  const attemptsOf = (id: string | undefined) => same.filter((attempt) => attempt.status === 500 && attempt.clientRequestId === id);
  const chain = same.map((call) => attemptsOf(call.clientRequestId)).find((attempts) => attempts.length >= 4) ?? [];
  expect(chain.length, 'a request refused four times').toBeGreaterThanOrEqual(4);
  const gaps = chain.slice(1, 4).map((call, index) => call.at - (chain[index]?.answeredAt ?? call.at));
  expect(gaps[0]).toBeGreaterThanOrEqual(450);
  expect(gaps[1]).toBeGreaterThanOrEqual(950);
  expect(gaps[2]).toBeGreaterThanOrEqual(1950);

  await setFaults(page, {});
  await page.getByRole('alert').filter({ hasText: 'Could not load virtual machines' }).getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText(/Could not load virtual machines/)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible();
});

test('Resource Graph queries that keep failing say so, and Retry loads the blade once they answer', async ({ page }) => {
  await openBlade(page);
  const calls = await recordArmCalls(page);
  await setFaults(page, { failureRate: 1, failureStatus: 500, methods: ['POST'], pathContains: RESOURCE_GRAPH, seed: 1 });
  await reloadFleetAs(page, /reader@contoso\.com/);
  await expect(page.getByText(/Could not load virtual machines/)).toBeVisible({ timeout: 60_000 });
  // Each query was tried again (armRequest: 4 attempts) before the blade gave up.
  expect(calls.filter((call) => call.path === RESOURCE_GRAPH && call.status === 500).length).toBeGreaterThanOrEqual(8);

  await setFaults(page, {});
  await page.getByRole('alert').filter({ hasText: 'Could not load virtual machines' }).getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText(/Could not load virtual machines/)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Configured' }).getByText('vm-web-01')).toBeVisible();
});
