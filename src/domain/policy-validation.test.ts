import { describe, expect, it } from 'vitest';
import type { JitNetworkAccessPolicyInput, JitNetworkAccessPortRule } from './jit-types';
import {
  defaultPortRule,
  defaultPortRules,
  MAX_ADDRESS_PREFIXES_PER_PORT,
  validatePolicyInput,
  validatePortRule,
  vmPageDefaultPortRules,
} from './policy-validation';

const SUB = '00000000-0000-0000-0000-000000000001';
const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
const rule = (overrides: Partial<JitNetworkAccessPortRule> = {}): JitNetworkAccessPortRule => ({ ...defaultPortRule(22), ...overrides });
/** A wire value the static type would forbid. */
const wire = (value: unknown) => value as never;
const codes = (errors: { code: string }[]) => errors.map((e) => e.code);

describe('defaults', () => {
  it('the blade proposes 22, 3389, 5985, 5986 with any protocol, any source and 3 hours', () => {
    expect(defaultPortRules()).toEqual([22, 3389, 5985, 5986].map((number) => ({ number, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' })));
  });

  it('the VM page proposes RDP for Windows and SSH for Linux', () => {
    expect(vmPageDefaultPortRules('Windows').map((r) => r.number)).toEqual([3389]);
    expect(vmPageDefaultPortRules('Linux').map((r) => r.number)).toEqual([22]);
  });

  it('the defaults are valid', () => {
    for (const r of defaultPortRules()) expect(validatePortRule(r)).toEqual([]);
  });
});

describe('validatePortRule', () => {
  it.each([0, 22, 65535])('port %d is accepted', (number) => {
    expect(validatePortRule(rule({ number }))).toEqual([]);
  });

  it.each([-1, 65536])('port %d is rejected as out of range', (number) => {
    expect(validatePortRule(rule({ number }))).toEqual([
      { path: 'number', code: 'PortOutOfRange', message: `Port ${String(number)} is out of range: a port must be a whole number from 0 to 65535.` },
    ]);
  });

  it.each([1.5, Number.NaN, '22', null])('port %j is rejected as not a whole number', (number) => {
    const errors = validatePortRule(rule({ number: wire(number) }));
    expect(codes(errors)).toEqual(['InvalidPort']);
    expect(errors[0]?.message).toMatch(/^Port .+ is not valid: a port must be a whole number from 0 to 65535\.$/);
  });

  it.each(['TCP', 'UDP', '*'])('protocol %s is accepted', (protocol) => {
    expect(validatePortRule(rule({ protocol: wire(protocol) }))).toEqual([]);
  });

  it.each(['tcp', 'tcp ', 'ICMP', 'Any', ''])('protocol %j is rejected', (protocol) => {
    expect(validatePortRule(rule({ protocol: wire(protocol) }))).toEqual([
      { path: 'protocol', code: 'InvalidProtocol', message: `Protocol "${protocol}" is not valid: use "TCP", "UDP" or "*" (any), exactly as written.` },
    ]);
  });

  it('both prefix fields together are mutually exclusive', () => {
    expect(codes(validatePortRule(rule({ allowedSourceAddressPrefixes: ['10.0.0.0/8'] })))).toEqual(['MutuallyExclusive']);
  });

  it('neither prefix field is an error: a source is required', () => {
    const { allowedSourceAddressPrefix: _omit, ...noSource } = rule();
    expect(codes(validatePortRule(noSource))).toEqual(['Required']);
  });

  it('a list of valid prefixes is accepted', () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    expect(validatePortRule({ ...base, allowedSourceAddressPrefixes: ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'] })).toEqual([]);
  });

  it('an empty list is rejected', () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    expect(validatePortRule({ ...base, allowedSourceAddressPrefixes: [] })).toEqual([
      { path: 'allowedSourceAddressPrefixes', code: 'Required', message: 'The list of allowed source IPs is empty: give at least one address or CIDR range.' },
    ]);
  });

  it('each invalid prefix is reported at its index, naming the value', () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    const errors = validatePortRule({ ...base, allowedSourceAddressPrefixes: ['10.0.0.0/8', '10.0.0.300', '10.0.0.0/33'] }, 'ports[0]');
    expect(errors.map((e) => e.path)).toEqual(['ports[0].allowedSourceAddressPrefixes[1]', 'ports[0].allowedSourceAddressPrefixes[2]']);
    expect(errors[0]?.message).toContain('"10.0.0.300" is not a valid IP address or CIDR range');
  });

  it('an invalid single prefix is rejected', () => {
    expect(validatePortRule(rule({ allowedSourceAddressPrefix: '10.0.0.300' }))).toEqual([
      { path: 'allowedSourceAddressPrefix', code: 'InvalidAddressPrefix', message: '"10.0.0.300" is not a valid IP address or CIDR range.' },
    ]);
  });

  it('"*" must stand alone in a list', () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    expect(codes(validatePortRule({ ...base, allowedSourceAddressPrefixes: ['*', '10.0.0.1'] }))).toEqual(['InvalidAddressPrefix']);
    expect(validatePortRule({ ...base, allowedSourceAddressPrefixes: ['*'] })).toEqual([]);
  });

  it('the same prefix twice is rejected', () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    expect(codes(validatePortRule({ ...base, allowedSourceAddressPrefixes: ['10.0.0.1', '10.0.0.1'] }))).toEqual(['DuplicateAddressPrefix']);
  });

  it(`more than ${String(MAX_ADDRESS_PREFIXES_PER_PORT)} prefixes are rejected`, () => {
    const { allowedSourceAddressPrefix: _omit, ...base } = rule();
    const many = Array.from({ length: MAX_ADDRESS_PREFIXES_PER_PORT + 1 }, (_, i) => `10.${String(Math.floor(i / 256))}.${String(i % 256)}.1`);
    expect(codes(validatePortRule({ ...base, allowedSourceAddressPrefixes: many }))).toEqual(['TooManyAddressPrefixes']);
    expect(validatePortRule({ ...base, allowedSourceAddressPrefixes: many.slice(1) })).toEqual([]);
  });

  it.each(['PT5M', 'PT24H', 'P1D', 'PT1H30M', 'PT90M'])('maximum request time %s is accepted', (d) => {
    expect(validatePortRule(rule({ maxRequestAccessDuration: d }))).toEqual([]);
  });

  it('PT25H is rejected: maximum is 24 hours', () => {
    expect(validatePortRule(rule({ maxRequestAccessDuration: 'PT25H' }))).toEqual([
      {
        path: 'maxRequestAccessDuration',
        code: 'DurationOutOfRange',
        message: 'The maximum request time "PT25H" (25 hours) is out of range: it must be between 5 minutes (PT5M) and 24 hours (PT24H).',
      },
    ]);
  });

  it.each(['PT4M', 'P2D', 'PT0S'])('%s is out of range', (d) => {
    expect(codes(validatePortRule(rule({ maxRequestAccessDuration: d })))).toEqual(['DurationOutOfRange']);
  });

  it.each(['3h', 'PT', 'P2X'])('%j is not a duration', (d) => {
    const errors = validatePortRule(rule({ maxRequestAccessDuration: d }));
    expect(codes(errors)).toEqual(['InvalidDuration']);
    expect(errors[0]?.message).toContain(`"${d}"`);
  });

  it('a missing duration is required', () => {
    expect(codes(validatePortRule(rule({ maxRequestAccessDuration: wire(undefined) })))).toEqual(['Required']);
  });

  it('prefixes every path with pathPrefix', () => {
    expect(validatePortRule(rule({ number: 70000 }), 'properties.virtualMachines[0].ports[1]')[0]?.path).toBe('properties.virtualMachines[0].ports[1].number');
  });
});

function policy(vms: { id: string; ports: JitNetworkAccessPortRule[] }[]): JitNetworkAccessPolicyInput {
  return { properties: { virtualMachines: vms } };
}

describe('validatePolicyInput', () => {
  it('a policy with several VMs and the default ports is valid', () => {
    expect(validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: defaultPortRules() }, { id: vmId('vm2'), ports: [rule()] }]))).toEqual([]);
  });

  it('reports port errors with their full path', () => {
    const errors = validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule(), rule({ number: 65536, protocol: 'TCP' })] }]));
    expect(errors).toEqual([
      { path: 'properties.virtualMachines[0].ports[1].number', code: 'PortOutOfRange', message: 'Port 65536 is out of range: a port must be a whole number from 0 to 65535.' },
    ]);
  });

  it.each([
    'vm1',
    '/subscriptions/SUBSCRIPTIONID/resourceGroups/RESOURCEGROUP/providers/Microsoft.Compute/virtualMachines/VMNAME',
    `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ClassicCompute/virtualMachines/vm1`,
  ])('rejects VM id %s', (id) => {
    const errors = validatePolicyInput('default', policy([{ id, ports: [rule()] }]));
    expect(errors).toMatchObject([{ path: 'properties.virtualMachines[0].id', code: 'InvalidResourceId' }]);
    expect(errors[0]?.message).toContain(`"${id}"`);
  });

  it('VM ids are compared case-insensitively', () => {
    expect(validatePolicyInput('default', policy([{ id: vmId('VM1').toLowerCase(), ports: [rule()] }]))).toEqual([]);
    const errors = validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule()] }, { id: vmId('VM1').toUpperCase(), ports: [rule()] }]));
    expect(errors).toMatchObject([{ path: 'properties.virtualMachines[1].id', code: 'DuplicateVirtualMachine' }]);
  });

  it('a VM without ports is rejected', () => {
    expect(validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [] }]))).toMatchObject([{ path: 'properties.virtualMachines[0].ports', code: 'Required' }]);
  });

  it('the same port and protocol twice is a duplicate', () => {
    const errors = validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule({ protocol: 'TCP' }), rule({ protocol: 'TCP' })] }]));
    expect(errors).toMatchObject([{ path: 'properties.virtualMachines[0].ports[1].number', code: 'DuplicatePort' }]);
  });

  it('"*" overlaps TCP on the same port', () => {
    expect(codes(validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule({ protocol: 'TCP' }), rule({ protocol: '*' })] }])))).toEqual(['DuplicatePort']);
  });

  it('TCP and UDP on the same port are distinct rules', () => {
    expect(validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule({ protocol: 'TCP' }), rule({ protocol: 'UDP' })] }]))).toEqual([]);
  });

  it('the same port on two VMs is fine', () => {
    expect(validatePolicyInput('default', policy([{ id: vmId('vm1'), ports: [rule()] }, { id: vmId('vm2'), ports: [rule()] }]))).toEqual([]);
  });

  it('policy name + VM name of 56 characters is accepted, 57 rejected', () => {
    const ok = 'v'.repeat(56 - 'default'.length);
    const long = 'v'.repeat(57 - 'default'.length);
    expect(validatePolicyInput('default', policy([{ id: vmId(ok), ports: [rule()] }]))).toEqual([]);
    expect(validatePolicyInput('default', policy([{ id: vmId(long), ports: [rule()] }]))).toEqual([
      {
        path: 'properties.virtualMachines[0].id',
        code: 'NameTooLong',
        message: `The policy name "default" and the VM name "${long}" are 57 characters together: they may be at most 56.`,
      },
    ]);
  });

  it('an empty list of VMs is well-formed', () => {
    expect(validatePolicyInput('default', policy([]))).toEqual([]);
  });

  it('a body without virtualMachines is rejected', () => {
    expect(codes(validatePolicyInput('default', { properties: wire({}) }))).toEqual(['Required']);
  });

  it('accepts well-formed requests and rejects malformed ones', () => {
    const request = {
      startTimeUtc: '2025-01-01T10:00:00Z',
      requestor: 'admin@contoso.com',
      virtualMachines: [{ id: vmId('vm1'), ports: [{ number: 22, allowedSourceAddressPrefix: '1.2.3.4', endTimeUtc: '2025-01-01T13:00:00Z', status: 'Initiated' as const, statusReason: 'UserRequested' as const }] }],
    };
    const input = policy([{ id: vmId('vm1'), ports: [rule()] }]);
    expect(validatePolicyInput('default', { properties: { ...input.properties, requests: [request] } })).toEqual([]);

    const broken = { ...request, startTimeUtc: 'yesterday', virtualMachines: [{ id: vmId('vm1'), ports: [{ ...request.virtualMachines[0]!.ports[0]!, status: wire('Open') }] }] };
    const errors = validatePolicyInput('default', { properties: { ...input.properties, requests: [broken] } });
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['properties.requests[0].startTimeUtc', 'InvalidRequest'],
      ['properties.requests[0].virtualMachines[0].ports[0].status', 'InvalidRequest'],
    ]);
  });

  it('every message is a sentence', () => {
    const errors = validatePolicyInput('x'.repeat(60), policy([{ id: vmId('vm1'), ports: [rule({ number: -1, protocol: wire('ICMP'), maxRequestAccessDuration: 'P2D', allowedSourceAddressPrefix: '' })] }]));
    expect(errors.length).toBe(5);
    for (const e of errors) expect(e.message).toMatch(/^[A-Z"].*\.$/);
  });
});
