import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_SUBSCRIPTION_ID, exampleFleet } from './contract-scenario';
import { resetEmulator, server, setEmulatorClock } from './node';
import { arm, at } from './test-client';

// Contract of the 8 jitNetworkAccessPolicies operations against Azure's own spec (mocks/azure-spec).

const SPEC_DIR = path.join(import.meta.dirname, 'azure-spec');
const SPEC_ID = 'https://spec.local/security/stable/2020-01-01/jitNetworkAccessPolicies.json';
const COMMON_ID = 'https://spec.local/common/v1/types.json';
const EXAMPLES_DIR = path.join(SPEC_DIR, 'stable/2020-01-01/examples/JitNetworkAccessPolicies');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

// Swagger 2.0 schemas are JSON Schema draft-4-like; `x-ms-*` keywords are ignored (strict: false).
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(readJson(path.join(SPEC_DIR, 'common/v1/types.json')) as object, COMMON_ID);
ajv.addSchema(readJson(path.join(SPEC_DIR, 'stable/2020-01-01/jitNetworkAccessPolicies.json')) as object, SPEC_ID);

function validator(definition: string): ValidateFunction {
  const validate = ajv.getSchema(`${SPEC_ID}#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  return validate;
}
const cloudError = ajv.getSchema(`${COMMON_ID}#/definitions/CloudError`);

function expectValid(validate: ValidateFunction | undefined, body: unknown): void {
  if (!validate) throw new Error('no validator');
  const ok = validate(body);
  expect(ok ? [] : validate.errors, JSON.stringify(body).slice(0, 400)).toEqual([]);
}

/** The spec requires `properties` etc.; also check what the spec leaves optional but Azure always sends. */
function expectArmPolicy(body: unknown): void {
  expectValid(validator('JitNetworkAccessPolicy'), body);
  expect(at(body, 'type')).toBe('Microsoft.Security/locations/jitNetworkAccessPolicies');
  expect(typeof at(body, 'id')).toBe('string');
  expect(typeof at(body, 'location')).toBe('string');
  expect(at(body, 'properties', 'provisioningState')).toBe('Succeeded');
}

interface Example {
  parameters: Record<string, unknown> & { body?: unknown };
  responses: Record<string, { body?: unknown }>;
}

function example(name: string): Example {
  return readJson(path.join(EXAMPLES_DIR, name)) as Example;
}

function policyPath(p: Record<string, unknown>): string {
  return `/subscriptions/${String(p.subscriptionId)}/resourceGroups/${String(p.resourceGroupName)}/providers/Microsoft.Security/locations/${String(p.ascLocation)}/jitNetworkAccessPolicies/${String(p.jitNetworkAccessPolicyName)}`;
}

const SUB = `/subscriptions/${EXAMPLE_SUBSCRIPTION_ID}`;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  setEmulatorClock(EXAMPLE_NOW);
  resetEmulator(exampleFleet);
});

async function createFromExample(): Promise<unknown> {
  const create = example('CreateJitNetworkAccessPolicy_example.json');
  const answer = await arm(policyPath(create.parameters), { method: 'PUT', body: create.parameters.body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

describe('the spec examples folder', () => {
  it('holds one example per operation', () => {
    expect(readdirSync(EXAMPLES_DIR)).toHaveLength(8);
  });
});

describe('JitNetworkAccessPolicies_CreateOrUpdate (PUT)', () => {
  it('accepts the official example and answers 200 with a spec-valid policy and an etag', async () => {
    const body = await createFromExample();
    expectArmPolicy(body);
    expect(at(body, 'kind')).toBe('Basic');
    expect(at(body, 'name')).toBe('default');
    expect(at(body, 'properties', 'virtualMachines', 0, 'ports')).toHaveLength(2);
    expect(typeof at(body, 'etag')).toBe('string');
    // A PUT cannot forge requests: the example's request is not stored.
    expect(at(body, 'properties', 'requests')).toEqual([]);
  });

  it('rejects a port out of range with a 400 CloudError naming the field', async () => {
    const answer = await arm(`${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`, {
      method: 'PUT',
      body: { properties: { virtualMachines: [{ id: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1`, ports: [{ number: 70000, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(answer.status).toBe(400);
    expectValid(cloudError, answer.body);
    expect(String(at(answer.body, 'error', 'message'))).toContain('properties.virtualMachines[0].ports[0].number');
    expect(String(at(answer.body, 'error', 'message'))).toContain('70000');
  });

  it('rejects a protocol outside the enum with the domain\'s code, the path and the value', async () => {
    const answer = await arm(`${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`, {
      method: 'PUT',
      body: { properties: { virtualMachines: [{ id: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1`, ports: [{ number: 22, protocol: 'ICMP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(answer.status).toBe(400);
    expect(at(answer.body, 'error', 'code')).toBe('InvalidProtocol');
    expect(at(answer.body, 'error', 'target')).toBe('properties.virtualMachines[0].ports[0].protocol');
    expect(String(at(answer.body, 'error', 'message'))).toContain('"ICMP"');
  });

  it('rejects a wrong shape the domain does not check (kind) as InvalidRequestBody with the path and value', async () => {
    const answer = await arm(`${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`, {
      method: 'PUT',
      body: { kind: 7, properties: { virtualMachines: [{ id: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1`, ports: [{ number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }] } },
    });
    expect(answer.status).toBe(400);
    expect(at(answer.body, 'error', 'code')).toBe('InvalidRequestBody');
    expect(at(answer.body, 'error', 'target')).toBe('kind');
    expect(String(at(answer.body, 'error', 'message'))).toMatch(/got 7/);
  });

  it('answers 412 when If-Match no longer matches, and last-writer-wins without If-Match', async () => {
    const first = await createFromExample();
    const create = example('CreateJitNetworkAccessPolicy_example.json');
    const second = await arm(policyPath(create.parameters), { method: 'PUT', body: create.parameters.body, headers: { 'If-Match': String(at(first, 'etag')) } });
    expect(second.status).toBe(200);
    const stale = await arm(policyPath(create.parameters), { method: 'PUT', body: create.parameters.body, headers: { 'If-Match': String(at(first, 'etag')) } });
    expect(stale.status).toBe(412);
    expect(at(stale.body, 'error', 'code')).toBe('PreconditionFailed');
  });
});

describe('JitNetworkAccessPolicies_Get', () => {
  it('answers 200 with a spec-valid policy for the official example', async () => {
    await createFromExample();
    const get = example('GetJitNetworkAccessPolicy_example.json');
    const answer = await arm(policyPath(get.parameters));
    expect(answer.status).toBe(200);
    expectArmPolicy(answer.body);
    expect(at(answer.body, 'id')).toBe(at(get.responses['200']?.body, 'id'));
  });

  it('answers a 404 CloudError for an unknown policy', async () => {
    const answer = await arm(`${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/nope`);
    expect(answer.status).toBe(404);
    expectValid(cloudError, answer.body);
    expect(at(answer.body, 'error', 'code')).toBe('ResourceNotFound');
  });
});

describe.each([
  ['JitNetworkAccessPolicies_List', 'GetJitNetworkAccessPoliciesSubscription_example.json', (p: Record<string, unknown>) => `/subscriptions/${String(p.subscriptionId)}/providers/Microsoft.Security/jitNetworkAccessPolicies`],
  ['JitNetworkAccessPolicies_ListByRegion', 'GetJitNetworkAccessPoliciesSubscriptionLocation_example.json', (p: Record<string, unknown>) => `/subscriptions/${String(p.subscriptionId)}/providers/Microsoft.Security/locations/${String(p.ascLocation)}/jitNetworkAccessPolicies`],
  ['JitNetworkAccessPolicies_ListByResourceGroup', 'GetJitNetworkAccessPoliciesResourceGroup_example.json', (p: Record<string, unknown>) => `/subscriptions/${String(p.subscriptionId)}/resourceGroups/${String(p.resourceGroupName)}/providers/Microsoft.Security/jitNetworkAccessPolicies`],
  ['JitNetworkAccessPolicies_ListByResourceGroupAndRegion', 'GetJitNetworkAccessPoliciesResourceGroupLocation_example.json', (p: Record<string, unknown>) => `/subscriptions/${String(p.subscriptionId)}/resourceGroups/${String(p.resourceGroupName)}/providers/Microsoft.Security/locations/${String(p.ascLocation)}/jitNetworkAccessPolicies`],
])('%s', (_operation, file, route) => {
  it('answers 200 with a spec-valid list for the official example', async () => {
    await createFromExample();
    const parameters = example(file).parameters;
    expect(parameters['api-version']).toBe('2020-01-01');
    const answer = await arm(route(parameters));
    expect(answer.status).toBe(200);
    expectValid(validator('JitNetworkAccessPoliciesList'), answer.body);
    expect(at(answer.body, 'value')).toHaveLength(1);
    expectArmPolicy(at(answer.body, 'value', 0));
  });
});

describe('paging of policy lists', () => {
  it('follows nextLink until every policy is returned once', async () => {
    resetEmulator('default', { pageSizes: { policies: 1 } });
    const seen: string[] = [];
    let next: string | undefined = '/subscriptions/6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c/providers/Microsoft.Security/jitNetworkAccessPolicies';
    while (next) {
      const answer = await arm(next);
      expect(answer.status).toBe(200);
      expectValid(validator('JitNetworkAccessPoliciesList'), answer.body);
      seen.push(...((at(answer.body, 'value') as { id: string }[]).map((policy) => policy.id)));
      const link = at(answer.body, 'nextLink');
      next = typeof link === 'string' ? link : undefined;
    }
    expect(seen.length).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('JitNetworkAccessPolicies_Initiate', () => {
  it('accepts the official example and answers 202 with a spec-valid request', async () => {
    await createFromExample();
    const initiate = example('InitiateJitNetworkAccessPolicy_example.json');
    const answer = await arm(`${policyPath(initiate.parameters)}/${String(initiate.parameters.jitNetworkAccessPolicyInitiateType)}`, { method: 'POST', body: initiate.parameters.body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expectValid(validator('JitNetworkAccessRequest'), answer.body);
    expect(at(answer.body, 'requestor')).toBe('admin@contoso.com');
    expect(at(answer.body, 'justification')).toBe('testing a new version of the product');
    expect(at(answer.body, 'virtualMachines', 0, 'ports', 0, 'status')).toBe('Initiated');
    expect(at(answer.body, 'virtualMachines', 0, 'ports', 0, 'statusReason')).toBe('UserRequested');
    // The stored policy, with its request, still validates.
    const policy = await arm(policyPath(initiate.parameters));
    expectArmPolicy(policy.body);
    expect(at(policy.body, 'properties', 'requests')).toHaveLength(1);
  });

  it('refuses a port that is not in the policy with a 400 a person understands', async () => {
    await createFromExample();
    const initiate = example('InitiateJitNetworkAccessPolicy_example.json');
    const body = { virtualMachines: [{ id: `${SUB}/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1`, ports: [{ number: 8080, endTimeUtc: '2018-07-12T09:53:03Z' }] }] };
    const answer = await arm(`${policyPath(initiate.parameters)}/initiate`, { method: 'POST', body });
    expect(answer.status).toBe(400);
    expectValid(cloudError, answer.body);
    expect(at(answer.body, 'error', 'code')).toBe('PortNotInPolicy');
    expect(String(at(answer.body, 'error', 'message'))).toContain('8080');
  });

  it('validates the initiate type path parameter', async () => {
    await createFromExample();
    const initiate = example('InitiateJitNetworkAccessPolicy_example.json');
    const answer = await arm(`${policyPath(initiate.parameters)}/approve`, { method: 'POST', body: initiate.parameters.body });
    expect(answer.status).toBe(400);
    expectValid(cloudError, answer.body);
  });
});

describe('JitNetworkAccessPolicies_Delete', () => {
  it('answers 200 for the official example when the policy exists, then 204', async () => {
    await createFromExample();
    const del = example('DeleteJitNetworkAccessPolicy_example.json');
    expect(Object.keys(del.responses).sort()).toEqual(['200', '204']);
    const first = await arm(policyPath(del.parameters), { method: 'DELETE' });
    expect(first.status).toBe(200);
    const second = await arm(policyPath(del.parameters), { method: 'DELETE' });
    expect(second.status).toBe(204);
    const get = await arm(policyPath(del.parameters));
    expect(get.status).toBe(404);
  });
});

describe('the ARM pipeline', () => {
  const list = `${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies`;

  it('requires api-version, and only 2020-01-01 for JIT', async () => {
    const missing = await arm(list, { apiVersion: null });
    expect(missing.status).toBe(400);
    expect(at(missing.body, 'error', 'code')).toBe('MissingApiVersionParameter');
    const wrong = await arm(list, { apiVersion: '2015-06-01-preview' });
    expect(wrong.status).toBe(400);
    expect(at(wrong.body, 'error', 'code')).toBe('InvalidApiVersionParameter');
    expect(String(at(wrong.body, 'error', 'message'))).toContain('2020-01-01');
  });

  it('answers 401 without a token and for an unknown user', async () => {
    const missing = await arm(list, { as: null });
    expect(missing.status).toBe(401);
    expect(at(missing.body, 'error', 'code')).toBe('AuthenticationFailed');
    const unknown = await arm(list, { as: null, headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJ1cG4iOiJtYWxsb3J5QGNvbnRvc28uY29tIn0.' } });
    expect(unknown.status).toBe(401);
    expect(at(unknown.body, 'error', 'code')).toBe('InvalidAuthenticationToken');
  });

  it('validates the subscription id and resource group name patterns', async () => {
    const badSub = await arm('/subscriptions/not-a-guid/providers/Microsoft.Security/jitNetworkAccessPolicies');
    expect(badSub.status).toBe(400);
    expect(at(badSub.body, 'error', 'code')).toBe('InvalidSubscriptionId');
    const badRg = await arm(`${SUB}/resourceGroups/bad%20name%21/providers/Microsoft.Security/jitNetworkAccessPolicies`);
    expect(badRg.status).toBe(400);
    const noRg = await arm(`${SUB}/resourceGroups/nope/providers/Microsoft.Security/jitNetworkAccessPolicies`);
    expect(noRg.status).toBe(404);
    expect(at(noRg.body, 'error', 'code')).toBe('ResourceGroupNotFound');
  });

  it('maps bad bodies to 415, 400 and 413', async () => {
    const policy = `${SUB}/resourceGroups/myRg1/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
    const media = await arm(policy, { method: 'PUT', body: '{}', headers: { 'Content-Type': 'text/plain' } });
    expect(media.status).toBe(415);
    const broken = await arm(policy, { method: 'PUT', body: '{"properties":' });
    expect(broken.status).toBe(400);
    expect(at(broken.body, 'error', 'code')).toBe('InvalidRequestContent');
    const huge = await arm(policy, { method: 'PUT', body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
  });

  it('sets the request id headers and answers unknown routes with an ARM 404', async () => {
    const answer = await arm(list);
    expect(answer.headers.get('x-ms-request-id')).toBeTruthy();
    expect(answer.headers.get('x-ms-correlation-request-id')).toBeTruthy();
    const unknown = await arm(`${SUB}/providers/Microsoft.Nope/things`);
    expect(unknown.status).toBe(404);
    expectValid(cloudError, unknown.body);
  });
});
