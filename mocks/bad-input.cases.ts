import { makeUnsignedToken } from './identity';
import { DEV_TEST_SUBSCRIPTION_ID as DEV, PRODUCTION_SUBSCRIPTION_ID as PROD } from './scenarios/default-scenario';

// The bad-input battery as data: each case is one HTTP call the emulator must refuse with a 4xx
// CloudError whose code is exactly `code` (and whose message matches `message`, which names the
// field or the value), changing nothing. Add a case by adding a row. The calls run against the
// `default` scenario at BATTERY_NOW after SETUP_CALLS, with the admin's token and (when there is a
// body) `Content-Type: application/json` unless `headers` overrides them; a header set to null is
// not sent.

export interface BadInputCase {
  name: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** Path and query on the ARM host (or a full URL). */
  path: string;
  headers?: Record<string, string | null>;
  /** An object is sent as JSON; a string is sent as it is (malformed JSON, huge bodies). */
  body?: unknown;
  status: number;
  code: string;
  message?: RegExp;
}

export interface SetupCall {
  method: 'PUT';
  path: string;
  body: unknown;
}

export const BATTERY_NOW = new Date('2024-05-01T09:00:00.000Z');
const inHours = (hours: number): string => new Date(BATTERY_NOW.getTime() + hours * 3_600_000).toISOString();

const JIT_V = 'api-version=2020-01-01';
const SUB = `/subscriptions/${PROD}`;
const vmId = (rg: string, name: string, sub = PROD): string => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const policyPath = (rg: string, location: string, name: string, sub = PROD): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`;

const token = (upn: string, name = 'Someone'): string => `Bearer ${makeUnsignedToken({ upn, name })}`;
const AS_READER = { Authorization: token('reader@contoso.com', 'Robin Reader') };
const AS_REQUESTER = { Authorization: token('requester@contoso.com', 'Riley Requester') };

// --- the valid calls every case below breaks in one way ---

/** A new policy on vm-web-03 (NIC NSG, public IP, Standard tier): accepted as it stands. */
export const VALID_PUT_PATH = `${policyPath('rg-web', 'westeurope', 'battery')}?${JIT_V}`;
const WEB_03 = vmId('rg-web', 'vm-web-03');
const validPort = { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' } as const;
export const VALID_PUT_BODY = { properties: { virtualMachines: [{ id: WEB_03, ports: [validPort] }] } };

/** Setup: a policy whose ports accept only some sources, so requests from elsewhere can be refused. */
const RESTRICTED = policyPath('rg-app', 'westeurope', 'restricted');
const APP_03 = vmId('rg-app', 'vm-app-03');
export const SETUP_CALLS: SetupCall[] = [
  {
    method: 'PUT',
    path: `${RESTRICTED}?${JIT_V}`,
    body: {
      properties: {
        virtualMachines: [
          {
            id: APP_03,
            ports: [
              { number: 22, protocol: 'TCP', allowedSourceAddressPrefixes: ['10.0.0.0/24', '2001:db8::/32'], maxRequestAccessDuration: 'PT3H' },
              { number: 3389, protocol: '*', allowedSourceAddressPrefix: '198.51.100.7', maxRequestAccessDuration: 'PT1H' },
            ],
          },
        ],
      },
    },
  },
];

export const VALID_INITIATE_PATH = `${RESTRICTED}/initiate?${JIT_V}`;
const validInitiatePort = { number: 22, allowedSourceAddressPrefix: '10.0.0.5', endTimeUtc: inHours(1) };
export const VALID_INITIATE_BODY = { virtualMachines: [{ id: APP_03, ports: [validInitiatePort] }], justification: 'battery' };

// --- helpers that make one-field variations of the valid bodies ---

type PortOverride = Record<string, unknown>;
/** The valid PUT body with its port replaced by `port` (keys set to undefined are dropped). */
const putPort = (override: PortOverride, base: Record<string, unknown> = validPort): unknown => ({
  properties: { virtualMachines: [{ id: WEB_03, ports: [strip({ ...base, ...override })] }] },
});
const putPorts = (ports: unknown[]): unknown => ({ properties: { virtualMachines: [{ id: WEB_03, ports }] } });
const putVms = (virtualMachines: unknown[]): unknown => ({ properties: { virtualMachines } });
const initiatePort = (override: PortOverride): unknown => ({ virtualMachines: [{ id: APP_03, ports: [strip({ ...validInitiatePort, ...override })] }] });
const initiateVms = (virtualMachines: unknown[]): unknown => ({ virtualMachines });

function strip(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}

const PORT_PATH = /properties\.virtualMachines\[0\]\.ports\[0\]/;
const put = (name: string, body: unknown, status: number, code: string, message?: RegExp, path = VALID_PUT_PATH): BadInputCase => ({
  name: `PUT policy: ${name}`,
  method: 'PUT',
  path,
  body,
  status,
  code,
  ...(message ? { message } : {}),
});
const initiate = (name: string, body: unknown, status: number, code: string, message?: RegExp, path = VALID_INITIATE_PATH): BadInputCase => ({
  name: `initiate: ${name}`,
  method: 'POST',
  path,
  body,
  status,
  code,
  ...(message ? { message } : {}),
});

const TEN_THOUSAND_PREFIXES = Array.from({ length: 10_000 }, (_, i) => `10.${String(Math.floor(i / 256) % 256)}.${String(i % 256)}.1`);
const OVERSIZED = 'x'.repeat(1024 * 1024 + 16);
const LONG_VM_NAME = `vm-${'n'.repeat(47)}`; // 50 characters: with "default" (7) that is 57 > 56

// ---------------------------------------------------------------------------------------------
// PUT body: every field of a port rule, of a VM, of the policy
// ---------------------------------------------------------------------------------------------

const portNumberCases: BadInputCase[] = [
  put('port -1', putPort({ number: -1 }), 400, 'PortOutOfRange', /Port -1 .*0 to 65535/),
  put('port 65536', putPort({ number: 65536 }), 400, 'PortOutOfRange', /Port 65536/),
  put('port 1e10', putPort({ number: 1e10 }), 400, 'PortOutOfRange', /10000000000/),
  put('port "22" (a string)', putPort({ number: '22' }), 400, 'InvalidPort', /Port "22"/),
  put('port 1.5', putPort({ number: 1.5 }), 400, 'InvalidPort', /Port 1\.5/),
  put('port null', putPort({ number: null }), 400, 'InvalidPort', /Port null/),
  put('port true', putPort({ number: true }), 400, 'InvalidPort', /Port true/),
  put('port [22]', putPort({ number: [22] }), 400, 'InvalidPort', /\[22\]/),
  put('port missing', putPort({ number: undefined }), 400, 'InvalidPort', /ports\[0\]\.number/),
  put('port 22 twice with TCP', putPorts([validPort, validPort]), 400, 'DuplicatePort', /Port 22 .*ports\[0\]/),
  put('port 22 with "*" next to TCP', putPorts([validPort, { ...validPort, protocol: '*' }]), 400, 'DuplicatePort', /ports\[1\]\.number/),
];

const protocolCases: BadInputCase[] = [
  put('protocol "tcp " (trailing space)', putPort({ protocol: 'tcp ' }), 400, 'InvalidProtocol', /"tcp "/),
  put('protocol "ICMP"', putPort({ protocol: 'ICMP' }), 400, 'InvalidProtocol', /"ICMP"/),
  put('protocol ""', putPort({ protocol: '' }), 400, 'InvalidProtocol', /Protocol ""/),
  put('protocol 6 (a number)', putPort({ protocol: 6 }), 400, 'InvalidProtocol', /Protocol 6/),
  put('protocol "tcp" (lower case)', putPort({ protocol: 'tcp' }), 400, 'InvalidProtocol', /"tcp"/),
  put('protocol "Any"', putPort({ protocol: 'Any' }), 400, 'InvalidProtocol', /"Any"/),
  put('protocol null', putPort({ protocol: null }), 400, 'InvalidProtocol', /ports\[0\]\.protocol/),
  put('protocol missing', putPort({ protocol: undefined }), 400, 'InvalidProtocol', /ports\[0\]\.protocol/),
];

const prefixCases: BadInputCase[] = [
  ...(
    [
      ['10.0.0.300', /"10\.0\.0\.300"/],
      ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
      ['::1/129', /"::1\/129"/],
      ['', /empty/],
      [' 1.2.3.4', /" 1\.2\.3\.4".*whitespace/],
      ['1.2.3.4 ', /whitespace/],
      ['10.1', /"10\.1"/],
      ['010.0.0.1', /"010\.0\.0\.1"/],
      ['fe80::1%eth0', /zone/],
      ['localhost', /"localhost"/],
      ['10.0.0.0/-1', /"10\.0\.0\.0\/-1"/],
      ['Internet', /"Internet"/],
    ] as const
  ).map(([prefix, message]) => put(`allowedSourceAddressPrefix ${JSON.stringify(prefix)}`, putPort({ allowedSourceAddressPrefix: prefix }), 400, 'InvalidAddressPrefix', message)),
  put('allowedSourceAddressPrefix 42 (a number)', putPort({ allowedSourceAddressPrefix: 42 }), 400, 'InvalidAddressPrefix', /42/),
  put('allowedSourceAddressPrefix ["10.0.0.1"] (a list)', putPort({ allowedSourceAddressPrefix: ['10.0.0.1'] }), 400, 'InvalidAddressPrefix', /allowedSourceAddressPrefix/),
  put('both prefix fields at once', putPort({ allowedSourceAddressPrefixes: ['10.0.0.1'] }), 400, 'MutuallyExclusive', /either allowedSourceAddressPrefix or allowedSourceAddressPrefixes/),
  put('neither prefix field', putPort({ allowedSourceAddressPrefix: undefined }), 400, 'Required', /allowedSourceAddressPrefix/),
  put('allowedSourceAddressPrefix null', putPort({ allowedSourceAddressPrefix: null }), 400, 'Required', /allowedSourceAddressPrefix/),
  put('an empty prefixes array', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: [] }), 400, 'Required', /allowedSourceAddressPrefixes.*empty/),
  put('10,000 prefixes', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: TEN_THOUSAND_PREFIXES }), 400, 'TooManyAddressPrefixes', /10000 .*at most 1000/),
  put('a prefix listed twice', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: ['10.0.0.1', '10.0.0.1'] }), 400, 'DuplicateAddressPrefix', /"10\.0\.0\.1" is listed twice/),
  put('"*" among other prefixes', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: ['*', '10.0.0.1'] }), 400, 'InvalidAddressPrefix', /only allowed source/),
  put('prefixes ["10.0.0.300"]', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: ['10.0.0.1', '10.0.0.300'] }), 400, 'InvalidAddressPrefix', /allowedSourceAddressPrefixes\[1\].*"10\.0\.0\.300"/),
  put('prefixes [""]', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: [''] }), 400, 'InvalidAddressPrefix', /allowedSourceAddressPrefixes\[0\]/),
  put('prefixes [5]', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: [5] }), 400, 'InvalidAddressPrefix', /allowed source 5/),
  put('prefixes "10.0.0.1" (not a list)', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: '10.0.0.1' }), 400, 'InvalidAddressPrefix', /"10\.0\.0\.1"/),
  put('prefixes ["::1/129"]', putPort({ allowedSourceAddressPrefix: undefined, allowedSourceAddressPrefixes: ['::1/129'] }), 400, 'InvalidAddressPrefix', /"::1\/129"/),
];

const durationCases: BadInputCase[] = [
  put('duration "PT4M" (under 5 minutes)', putPort({ maxRequestAccessDuration: 'PT4M' }), 400, 'DurationOutOfRange', /"PT4M"/),
  put('duration "PT25H"', putPort({ maxRequestAccessDuration: 'PT25H' }), 400, 'DurationOutOfRange', /"PT25H"/),
  put('duration "P2D"', putPort({ maxRequestAccessDuration: 'P2D' }), 400, 'DurationOutOfRange', /"P2D"/),
  put('duration "P1DT1M"', putPort({ maxRequestAccessDuration: 'P1DT1M' }), 400, 'DurationOutOfRange', /"P1DT1M"/),
  put('duration "PT0S"', putPort({ maxRequestAccessDuration: 'PT0S' }), 400, 'DurationOutOfRange', /"PT0S"/),
  put('duration "3h"', putPort({ maxRequestAccessDuration: '3h' }), 400, 'InvalidDuration', /"3h"/),
  put('duration "-PT1H"', putPort({ maxRequestAccessDuration: '-PT1H' }), 400, 'InvalidDuration', /"-PT1H"/),
  put('duration "P1W"', putPort({ maxRequestAccessDuration: 'P1W' }), 400, 'InvalidDuration', /"P1W"/),
  put('duration "pt3h" (lower case)', putPort({ maxRequestAccessDuration: 'pt3h' }), 400, 'InvalidDuration', /"pt3h"/),
  put('duration 3 (a number)', putPort({ maxRequestAccessDuration: 3 }), 400, 'InvalidDuration', /maximum request time 3 /),
  put('duration ""', putPort({ maxRequestAccessDuration: '' }), 400, 'Required', /maxRequestAccessDuration/),
  put('duration null', putPort({ maxRequestAccessDuration: null }), 400, 'Required', /maxRequestAccessDuration/),
  put('duration missing', putPort({ maxRequestAccessDuration: undefined }), 400, 'Required', /maxRequestAccessDuration/),
];

const structureCases: BadInputCase[] = [
  put('properties missing', {}, 400, 'Required', /properties/),
  put('properties null', { properties: null }, 400, 'Required', /properties/),
  put('properties "x"', { properties: 'x' }, 400, 'Required', /properties/),
  put('virtualMachines missing', { properties: {} }, 400, 'Required', /properties\.virtualMachines/),
  put('virtualMachines "vm" (not a list)', { properties: { virtualMachines: 'vm' } }, 400, 'Required', /properties\.virtualMachines/),
  put('virtualMachines [null]', putVms([null]), 400, 'InvalidRequestBody', /properties\.virtualMachines\[0\].*null/),
  put('virtualMachines ["vm-web-03"]', putVms(['vm-web-03']), 400, 'InvalidRequestBody', /"vm-web-03"/),
  put('ports missing', putVms([{ id: WEB_03 }]), 400, 'Required', /ports.*vm-web-03/),
  put('ports []', putVms([{ id: WEB_03, ports: [] }]), 400, 'Required', /ports/),
  put('ports "22"', putVms([{ id: WEB_03, ports: '22' }]), 400, 'Required', /ports/),
  put('ports [null]', putPorts([null]), 400, 'InvalidRequestBody', PORT_PATH),
  put('ports [22]', putPorts([22]), 400, 'InvalidRequestBody', /ports\[0\].*22/),
  put('id missing', putVms([{ ports: [validPort] }]), 400, 'InvalidResourceId', /virtualMachines\[0\]\.id/),
  put('id ""', putVms([{ id: '', ports: [validPort] }]), 400, 'InvalidResourceId', /"" is not a virtual machine/),
  put('id "vm-web-03" (a name)', putVms([{ id: 'vm-web-03', ports: [validPort] }]), 400, 'InvalidResourceId', /"vm-web-03"/),
  put('id 42', putVms([{ id: 42, ports: [validPort] }]), 400, 'InvalidResourceId', /42/),
  put('id of a NIC', putVms([{ id: `${SUB}/resourceGroups/rg-web/providers/Microsoft.Network/networkInterfaces/nic-1`, ports: [validPort] }]), 400, 'InvalidResourceId', /networkInterfaces/),
  put('id without a name', putVms([{ id: `${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines`, ports: [validPort] }]), 400, 'InvalidResourceId', /virtualMachines/),
  put('id with a malformed subscription', putVms([{ id: vmId('rg-web', 'vm-web-03', 'not-a-guid'), ports: [validPort] }]), 400, 'InvalidResourceId', /not-a-guid/),
  put('id of a classic VM', putVms([{ id: `${SUB}/resourceGroups/rg-classic/providers/Microsoft.ClassicCompute/virtualMachines/cvm-legacy-01`, ports: [validPort] }]), 400, 'InvalidResourceId', /ClassicCompute/),
  put('the same VM twice', putVms([{ id: WEB_03, ports: [validPort] }, { id: WEB_03.toUpperCase(), ports: [validPort] }]), 400, 'DuplicateVirtualMachine', /listed twice/),
  put('an unknown VM', putVms([{ id: vmId('rg-web', 'vm-nope'), ports: [validPort] }]), 400, 'VirtualMachineNotFound', /vm-nope/),
  put('a VM of another resource group', putVms([{ id: vmId('rg-app', 'vm-app-02'), ports: [validPort] }]), 400, 'VirtualMachineNotInResourceGroup', /vm-app-02.*rg-web/),
  put('a VM of another subscription', putVms([{ id: vmId('rg-web', 'vm-web-03', DEV), ports: [validPort] }]), 400, 'VirtualMachineNotInResourceGroup', /rg-web/),
  put('a VM in another location', VALID_PUT_BODY, 400, 'VirtualMachineLocationMismatch', /vm-web-03.*westeurope.*northeurope/, `${policyPath('rg-web', 'northeurope', 'battery')}?${JIT_V}`),
  put('a VM in a location that does not exist', VALID_PUT_BODY, 400, 'VirtualMachineLocationMismatch', /mars/, `${policyPath('rg-web', 'mars', 'battery')}?${JIT_V}`),
  put('a VM with no NSG', putVms([{ id: vmId('rg-misc', 'vm-test-01'), ports: [validPort] }]), 400, 'VirtualMachineNotSupported', /vm-test-01/, `${policyPath('rg-misc', 'northeurope', 'battery')}?${JIT_V}`),
  put('a VM with no NSG and no public IP', putVms([{ id: vmId('rg-misc', 'vm-batch-01'), ports: [validPort] }]), 400, 'VirtualMachineNotSupported', /vm-batch-01/, `${policyPath('rg-misc', 'northeurope', 'battery')}?${JIT_V}`),
  put('a VM where JIT is disabled by policy', putVms([{ id: vmId('rg-legacy', 'vm-legacy-01'), ports: [validPort] }]), 400, 'JitDisabledByPolicy', /vm-legacy-01/, `${policyPath('rg-legacy', 'westeurope', 'battery')}?${JIT_V}`),
  put('a Free-tier subscription', putVms([{ id: vmId('rg-dev', 'vm-dev-01', DEV), ports: [validPort] }]), 400, 'StandardPricingTierRequired', /Free tier/, `${policyPath('rg-dev', 'westeurope', 'battery', DEV)}?${JIT_V}`),
  put('policy name + VM name over 56 characters (long VM name)', putVms([{ id: vmId('rg-web', LONG_VM_NAME), ports: [validPort] }]), 400, 'NameTooLong', /57 characters.*56/, `${policyPath('rg-web', 'westeurope', 'default')}?${JIT_V}`),
  put('policy name + VM name over 56 characters (long policy name)', VALID_PUT_BODY, 400, 'NameTooLong', /59 characters/, `${policyPath('rg-web', 'westeurope', 'p'.repeat(50))}?${JIT_V}`),
  put('body [] (not an object)', [], 400, 'InvalidRequestBody', /body/),
  put('body null', 'null', 400, 'InvalidRequestBody', /null/),
  put('body "text"', '"text"', 400, 'InvalidRequestBody', /"text"/),
  put('body 42', '42', 400, 'InvalidRequestBody', /42/),
  put('kind 5', { ...VALID_PUT_BODY, kind: 5 }, 400, 'InvalidRequestBody', /kind.*5/),
  put('publicIpAddress 5', putVms([{ id: WEB_03, ports: [validPort], publicIpAddress: 5 }]), 400, 'InvalidRequestBody', /publicIpAddress/),
  put('requests "x"', { properties: { ...VALID_PUT_BODY.properties, requests: 'x' } }, 400, 'InvalidRequest', /properties\.requests/),
  put('requests [{}]', { properties: { ...VALID_PUT_BODY.properties, requests: [{}] } }, 400, 'InvalidRequest', /properties\.requests\[0\]/),
];

// ---------------------------------------------------------------------------------------------
// Bodies on the wire: JSON, content type, size (each write route)
// ---------------------------------------------------------------------------------------------

const malformedJson = ['{', '{"properties":', "{'properties':{}}", '{"a":1,}', 'undefined', '{"properties":{"virtualMachines":[{"ports":[{"number":NaN}]}]}}', ''];
const wireCases: BadInputCase[] = [
  ...malformedJson.map((raw) => put(`malformed JSON ${JSON.stringify(raw)}`, raw, 400, 'InvalidRequestContent', /could not be deserialized/)),
  ...['{', '{"virtualMachines":[}', ''].map((raw) => initiate(`malformed JSON ${JSON.stringify(raw)}`, raw, 400, 'InvalidRequestContent', /could not be deserialized/)),
  ...['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'json'].map(
    (type): BadInputCase => ({ ...put(`content type ${type}`, VALID_PUT_BODY, 415, 'UnsupportedMediaType', /not supported/), headers: { 'Content-Type': type } }),
  ),
  { ...put('no content type', JSON.stringify(VALID_PUT_BODY), 415, 'UnsupportedMediaType', /\(none\)/), headers: { 'Content-Type': null } },
  { ...initiate('content type text/plain', VALID_INITIATE_BODY, 415, 'UnsupportedMediaType', /text\/plain/), headers: { 'Content-Type': 'text/plain' } },
  put('a body over 1 MiB', { ...VALID_PUT_BODY, padding: OVERSIZED }, 413, 'RequestEntityTooLarge', /1048576 bytes/),
  put('a raw body over 1 MiB', OVERSIZED, 413, 'RequestEntityTooLarge', /1048576 bytes/),
  initiate('a justification over 1 MiB', { ...VALID_INITIATE_BODY, justification: OVERSIZED }, 413, 'RequestEntityTooLarge', /1048576 bytes/),
];

// ---------------------------------------------------------------------------------------------
// Initiate: the request body against the policy
// ---------------------------------------------------------------------------------------------

const initiateCases: BadInputCase[] = [
  initiate('an unknown initiate type', VALID_INITIATE_BODY, 400, 'InvalidParameter', /'revoke'.*'initiate'/, `${RESTRICTED}/revoke?${JIT_V}`),
  initiate('initiate type "initiat"', VALID_INITIATE_BODY, 400, 'InvalidParameter', /'initiat'/, `${RESTRICTED}/initiat?${JIT_V}`),
  initiate('a policy that does not exist', VALID_INITIATE_BODY, 404, 'ResourceNotFound', /nope/, `${policyPath('rg-app', 'westeurope', 'nope')}/initiate?${JIT_V}`),
  initiate('the policy at another location', VALID_INITIATE_BODY, 404, 'ResourceNotFound', /northeurope\/restricted/, `${policyPath('rg-app', 'northeurope', 'restricted')}/initiate?${JIT_V}`),
  initiate('end time in the past', initiatePort({ endTimeUtc: inHours(-1) }), 400, 'EndTimeInPast', /2024-05-01T08:00:00\.000Z.*not in the future/),
  initiate('end time now', initiatePort({ endTimeUtc: inHours(0) }), 400, 'EndTimeInPast', /not in the future/),
  initiate('end time beyond the maximum (PT3H)', initiatePort({ endTimeUtc: inHours(3.5) }), 400, 'EndTimeTooLate', /later than the policy allows for port 22 \(PT3H/),
  initiate('end time beyond the maximum (PT1H on 3389)', initiatePort({ number: 3389, allowedSourceAddressPrefix: '198.51.100.7', endTimeUtc: inHours(2) }), 400, 'EndTimeTooLate', /port 3389/),
  initiate('end time a year away', initiatePort({ endTimeUtc: '2025-05-01T09:00:00Z' }), 400, 'EndTimeTooLate', /2025-05-01/),
  initiate('end time "tomorrow"', initiatePort({ endTimeUtc: 'tomorrow' }), 400, 'InvalidEndTime', /endTimeUtc.*"tomorrow"/),
  initiate('end time without a T', initiatePort({ endTimeUtc: '2024-05-01 10:00:00Z' }), 400, 'InvalidEndTime', /"2024-05-01 10:00:00Z"/),
  initiate('end time a date only', initiatePort({ endTimeUtc: '2024-05-01' }), 400, 'InvalidEndTime', /"2024-05-01"/),
  initiate('end time month 13', initiatePort({ endTimeUtc: '2024-13-01T10:00:00Z' }), 400, 'InvalidEndTime', /2024-13-01/),
  initiate('end time as epoch milliseconds', initiatePort({ endTimeUtc: 1714560000000 }), 400, 'InvalidEndTime', /1714560000000/),
  initiate('end time ""', initiatePort({ endTimeUtc: '' }), 400, 'InvalidEndTime', /endTimeUtc/),
  initiate('end time null', initiatePort({ endTimeUtc: null }), 400, 'InvalidEndTime', /endTimeUtc.*null/),
  initiate('end time missing', initiatePort({ endTimeUtc: undefined }), 400, 'Required', /endTimeUtc/),
  initiate('a port not in the policy', initiatePort({ number: 5985 }), 400, 'PortNotInPolicy', /Port 5985/),
  initiate('port -1', initiatePort({ number: -1 }), 400, 'PortOutOfRange', /Port -1/),
  initiate('port 65536', initiatePort({ number: 65536 }), 400, 'PortOutOfRange', /Port 65536/),
  initiate('port "22"', initiatePort({ number: '22' }), 400, 'InvalidPort', /number.*"22"/),
  initiate('port 1.5', initiatePort({ number: 1.5 }), 400, 'InvalidPort', /number.*1\.5/),
  initiate('port null', initiatePort({ number: null }), 400, 'InvalidPort', /number.*null/),
  initiate('port missing', initiatePort({ number: undefined }), 400, 'Required', /ports\[0\]\.number/),
  initiate('the same port twice', initiateVms([{ id: APP_03, ports: [validInitiatePort, validInitiatePort] }]), 400, 'DuplicatePort', /Port 22 is requested twice/),
  initiate('a VM not in the policy', initiateVms([{ id: vmId('rg-app', 'vm-app-01'), ports: [validInitiatePort] }]), 400, 'VmNotInPolicy', /vm-app-01.*restricted/),
  initiate('an unknown VM', initiateVms([{ id: vmId('rg-app', 'vm-ghost'), ports: [validInitiatePort] }]), 400, 'VmNotInPolicy', /vm-ghost/),
  initiate('a malformed VM id', initiateVms([{ id: 'vm-app-03', ports: [validInitiatePort] }]), 400, 'InvalidResourceId', /"vm-app-03"/),
  initiate('a VM id that is a number', initiateVms([{ id: 3, ports: [validInitiatePort] }]), 400, 'InvalidResourceId', /virtualMachines\[0\]\.id/),
  initiate('a VM id missing', initiateVms([{ ports: [validInitiatePort] }]), 400, 'Required', /virtualMachines\[0\]\.id/),
  initiate('the same VM twice', initiateVms([{ id: APP_03, ports: [validInitiatePort] }, { id: APP_03, ports: [validInitiatePort] }]), 400, 'DuplicateVm', /vm-app-03/),
  initiate('no VMs', initiateVms([]), 400, 'EmptyRequest', /virtual machine/),
  initiate('no ports', initiateVms([{ id: APP_03, ports: [] }]), 400, 'EmptyRequest', /no port/),
  initiate('ports missing', initiateVms([{ id: APP_03 }]), 400, 'Required', /virtualMachines\[0\]\.ports/),
  initiate('virtualMachines missing', { justification: 'x' }, 400, 'Required', /virtualMachines/),
  initiate('virtualMachines null', { virtualMachines: null }, 400, 'InvalidRequestBody', /virtualMachines.*null/),
  initiate('body [] (not an object)', [], 400, 'InvalidRequestBody', /body/),
  initiate('justification 5', { ...VALID_INITIATE_BODY, justification: 5 }, 400, 'InvalidRequestBody', /justification.*5/),
  initiate('a source outside the allowed prefixes', initiatePort({ allowedSourceAddressPrefix: '192.0.2.1' }), 400, 'SourceNotAllowed', /'192\.0\.2\.1'.*10\.0\.0\.0\/24/),
  initiate('a range wider than the allowed prefix', initiatePort({ allowedSourceAddressPrefix: '10.0.0.0/16' }), 400, 'SourceNotAllowed', /10\.0\.0\.0\/16/),
  initiate('an IPv6 source outside the allowed prefix', initiatePort({ allowedSourceAddressPrefix: '2001:db9::1' }), 400, 'SourceNotAllowed', /2001:db9::1/),
  initiate('any source ("*") where the policy restricts', initiatePort({ allowedSourceAddressPrefix: '*' }), 400, 'SourceNotAllowed', /'\*'/),
  initiate("no source, and the caller's address is not allowed", initiatePort({ allowedSourceAddressPrefix: undefined }), 400, 'SourceNotAllowed', /203\.0\.113\.10/),
  initiate('a source next to the one address allowed on 3389', initiatePort({ number: 3389, allowedSourceAddressPrefix: '198.51.100.8', endTimeUtc: inHours(0.5) }), 400, 'SourceNotAllowed', /198\.51\.100\.8/),
  ...(
    [
      ['10.0.0.300', /"10\.0\.0\.300"/],
      ['', /empty/],
      [' 10.0.0.5', /whitespace/],
      ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
      ['::1/129', /"::1\/129"/],
      ['10.0.0', /"10\.0\.0"/],
    ] as const
  ).map(([prefix, message]) => initiate(`a malformed source ${JSON.stringify(prefix)}`, initiatePort({ allowedSourceAddressPrefix: prefix }), 400, 'InvalidAddressPrefix', message)),
  initiate('a source that is a number', initiatePort({ allowedSourceAddressPrefix: 10 }), 400, 'InvalidAddressPrefix', /allowedSourceAddressPrefix.*10/),
  { ...initiate('requester: a source outside the allowed prefixes', initiatePort({ allowedSourceAddressPrefix: undefined }), 400, 'SourceNotAllowed', /198\.51\.100\.20/), headers: AS_REQUESTER },
];

// ---------------------------------------------------------------------------------------------
// Paths: api-version on each provider, subscription ids, resource group names
// ---------------------------------------------------------------------------------------------

const PROVIDER_READS: { provider: string; path: string; wrong: string }[] = [
  { provider: 'Resources (subscriptions)', path: '/subscriptions', wrong: '2020-01-02' },
  { provider: 'Resources (resource groups)', path: `${SUB}/resourcegroups`, wrong: '2024-07-01' },
  { provider: 'Compute', path: `${SUB}/providers/Microsoft.Compute/virtualMachines`, wrong: '2020-01-01' },
  { provider: 'ClassicCompute', path: `${SUB}/providers/Microsoft.ClassicCompute/virtualMachines`, wrong: '2024-07-01' },
  { provider: 'Network (NSGs)', path: `${SUB}/providers/Microsoft.Network/networkSecurityGroups`, wrong: '2019-01-01' },
  { provider: 'Network (NICs)', path: `${SUB}/providers/Microsoft.Network/networkInterfaces`, wrong: 'latest' },
  { provider: 'Network (public IPs)', path: `${SUB}/providers/Microsoft.Network/publicIPAddresses`, wrong: '2024-05-01-preview' },
  { provider: 'Network (VNets)', path: `${SUB}/providers/Microsoft.Network/virtualNetworks`, wrong: '2024-5-1' },
  { provider: 'Network (firewalls)', path: `${SUB}/providers/Microsoft.Network/azureFirewalls`, wrong: '2020-01-01' },
  { provider: 'Security (JIT list)', path: `${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies`, wrong: '2015-06-01-preview' },
  { provider: 'Security (JIT get)', path: policyPath('rg-web', 'westeurope', 'default'), wrong: '2020-01-01 ' },
  { provider: 'Security (pricings)', path: `${SUB}/providers/Microsoft.Security/pricings`, wrong: '2020-01-01' },
  { provider: 'Authorization (permissions)', path: `${SUB}/providers/Microsoft.Authorization/permissions`, wrong: '2024-07-01' },
  { provider: 'Authorization (role definitions)', path: `${SUB}/providers/Microsoft.Authorization/roleDefinitions`, wrong: '1999-01-01' },
  { provider: 'Authorization (policy assignments)', path: `${SUB}/providers/Microsoft.Authorization/policyAssignments`, wrong: '2022-04-01' },
  { provider: 'Insights (activity log)', path: `${SUB}/providers/Microsoft.Insights/eventtypes/management/values`, wrong: '2020-01-01' },
];

const apiVersionCases: BadInputCase[] = [
  ...PROVIDER_READS.flatMap(({ provider, path, wrong }): BadInputCase[] => [
    { name: `${provider}: api-version missing`, method: 'GET', path, status: 400, code: 'MissingApiVersionParameter', message: /api-version/ },
    { name: `${provider}: api-version empty`, method: 'GET', path: `${path}?api-version=`, status: 400, code: 'MissingApiVersionParameter', message: /api-version/ },
    {
      name: `${provider}: api-version ${JSON.stringify(wrong)}`,
      method: 'GET',
      path: `${path}?api-version=${encodeURIComponent(wrong)}`,
      status: 400,
      code: 'InvalidApiVersionParameter',
      message: new RegExp(`'${wrong.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is invalid`),
    },
  ]),
  put('api-version missing', VALID_PUT_BODY, 400, 'MissingApiVersionParameter', /api-version/, policyPath('rg-web', 'westeurope', 'battery')),
  put('api-version 2019-01-01', VALID_PUT_BODY, 400, 'InvalidApiVersionParameter', /'2019-01-01'.*'2020-01-01'/, `${policyPath('rg-web', 'westeurope', 'battery')}?api-version=2019-01-01`),
  initiate('api-version missing', VALID_INITIATE_BODY, 400, 'MissingApiVersionParameter', /api-version/, `${RESTRICTED}/initiate`),
  initiate('api-version 2015-06-01-preview', VALID_INITIATE_BODY, 400, 'InvalidApiVersionParameter', /2015-06-01-preview/, `${RESTRICTED}/initiate?api-version=2015-06-01-preview`),
  { name: 'DELETE policy: api-version missing', method: 'DELETE', path: RESTRICTED, status: 400, code: 'MissingApiVersionParameter', message: /api-version/ },
  { name: 'DELETE policy: api-version 2024-07-01', method: 'DELETE', path: `${RESTRICTED}?api-version=2024-07-01`, status: 400, code: 'InvalidApiVersionParameter', message: /2024-07-01/ },
];

const BAD_SUBSCRIPTIONS = [
  'not-a-guid',
  '6f1c2a3b0d4e4f5a9b6c7d8e9f0a1b2c',
  '{6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c}',
  '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2',
  'zf1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c',
  '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c0',
  ' 6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c',
];
const UNKNOWN_SUBSCRIPTION = '00000000-1111-4222-8333-444444444444';
const subscriptionCases: BadInputCase[] = [
  ...BAD_SUBSCRIPTIONS.map((sub) =>
    put(`subscription id ${JSON.stringify(sub)}`, VALID_PUT_BODY, 400, 'InvalidSubscriptionId', /malformed/, `${policyPath('rg-web', 'westeurope', 'battery', encodeURIComponent(sub))}?${JIT_V}`),
  ),
  initiate('subscription id "not-a-guid"', VALID_INITIATE_BODY, 400, 'InvalidSubscriptionId', /'not-a-guid'/, `${policyPath('rg-app', 'westeurope', 'restricted', 'not-a-guid')}/initiate?${JIT_V}`),
  { name: 'DELETE policy: subscription id "not-a-guid"', method: 'DELETE', path: `${policyPath('rg-app', 'westeurope', 'restricted', 'not-a-guid')}?${JIT_V}`, status: 400, code: 'InvalidSubscriptionId', message: /'not-a-guid'/ },
  { name: 'list VMs: subscription id "123"', method: 'GET', path: '/subscriptions/123/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01', status: 400, code: 'InvalidSubscriptionId', message: /'123'/ },
  { name: 'list JIT policies: subscription id "abc"', method: 'GET', path: `/subscriptions/abc/providers/Microsoft.Security/jitNetworkAccessPolicies?${JIT_V}`, status: 400, code: 'InvalidSubscriptionId', message: /'abc'/ },
  put('an unknown subscription', VALID_PUT_BODY, 404, 'SubscriptionNotFound', new RegExp(UNKNOWN_SUBSCRIPTION), `${policyPath('rg-web', 'westeurope', 'battery', UNKNOWN_SUBSCRIPTION)}?${JIT_V}`),
  initiate('an unknown subscription', VALID_INITIATE_BODY, 404, 'SubscriptionNotFound', /could not be found/, `${policyPath('rg-app', 'westeurope', 'restricted', UNKNOWN_SUBSCRIPTION)}/initiate?${JIT_V}`),
  { name: 'DELETE policy: an unknown subscription', method: 'DELETE', path: `${policyPath('rg-app', 'westeurope', 'restricted', UNKNOWN_SUBSCRIPTION)}?${JIT_V}`, status: 404, code: 'SubscriptionNotFound', message: /could not be found/ },
  { name: 'list NSGs: an unknown subscription', method: 'GET', path: `/subscriptions/${UNKNOWN_SUBSCRIPTION}/providers/Microsoft.Network/networkSecurityGroups?api-version=2024-05-01`, status: 404, code: 'SubscriptionNotFound' },
];

const BAD_GROUPS = ['rg with space', 'r'.repeat(91), 'rg*', 'rg.', 'rg%', 'rg<script>', 'rg#1', 'rg:1', 'グループ'];
const groupCases: BadInputCase[] = [
  ...BAD_GROUPS.map((rg) =>
    put(`resource group ${JSON.stringify(rg.length > 20 ? `${rg.slice(0, 5)}… (${String(rg.length)} chars)` : rg)}`, VALID_PUT_BODY, 400, 'InvalidResourceGroupName', /Resource group name '.+' is invalid/, `${policyPath(encodeURIComponent(rg), 'westeurope', 'battery')}?${JIT_V}`),
  ),
  initiate('resource group "rg with space"', VALID_INITIATE_BODY, 400, 'InvalidResourceGroupName', /'rg with space'/, `${policyPath('rg%20with%20space', 'westeurope', 'restricted')}/initiate?${JIT_V}`),
  { name: 'DELETE policy: resource group "rg*"', method: 'DELETE', path: `${policyPath('rg*', 'westeurope', 'restricted')}?${JIT_V}`, status: 400, code: 'InvalidResourceGroupName', message: /'rg\*'/ },
  { name: 'list VMs in resource group "rg*"', method: 'GET', path: `${SUB}/resourceGroups/rg*/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`, status: 400, code: 'InvalidResourceGroupName', message: /'rg\*'/ },
  put('an unknown resource group', VALID_PUT_BODY, 404, 'ResourceGroupNotFound', /'rg-nope'/, `${policyPath('rg-nope', 'westeurope', 'battery')}?${JIT_V}`),
  put('an unknown resource group of 90 characters', VALID_PUT_BODY, 404, 'ResourceGroupNotFound', /could not be found/, `${policyPath('r'.repeat(90), 'westeurope', 'battery')}?${JIT_V}`),
  initiate('an unknown resource group', VALID_INITIATE_BODY, 404, 'ResourceGroupNotFound', /'rg-nope'/, `${policyPath('rg-nope', 'westeurope', 'restricted')}/initiate?${JIT_V}`),
  { name: 'DELETE policy: an unknown resource group', method: 'DELETE', path: `${policyPath('rg-nope', 'westeurope', 'restricted')}?${JIT_V}`, status: 404, code: 'ResourceGroupNotFound', message: /'rg-nope'/ },
];

// ---------------------------------------------------------------------------------------------
// Identity, permissions, concurrency
// ---------------------------------------------------------------------------------------------

const noUpn = `Bearer ${btoa(JSON.stringify({ alg: 'none' }))}.${btoa(JSON.stringify({ name: 'Nobody' })).replace(/=+$/, '')}.`;
const identityCases: BadInputCase[] = [
  ...(
    [
      ['no token', null, 'AuthenticationFailed', /'Authorization' header is missing/],
      ['an empty Authorization header', '', 'AuthenticationFailed', /missing/],
      ['a bad token', 'Bearer not.a.jwt', 'InvalidAuthenticationToken', /invalid/],
      ['a token that is not base64', 'Bearer %%%.%%%.', 'InvalidAuthenticationToken', /invalid/],
      ['a Basic credential', 'Basic YWRtaW46cGFzcw==', 'InvalidAuthenticationToken', /invalid/],
      ['"Bearer" with no token', 'Bearer', 'InvalidAuthenticationToken', /invalid/],
      ['a token without a upn', noUpn, 'InvalidAuthenticationToken', /invalid/],
      ['an unknown user', token('mallory@contoso.com'), 'InvalidAuthenticationToken', /invalid/],
      ['a user of another tenant', token('admin@fabrikam.com'), 'InvalidAuthenticationToken', /invalid/],
    ] as const
  ).flatMap(([what, authorization, code, message]): BadInputCase[] => [
    { ...put(what, VALID_PUT_BODY, 401, code, message), headers: { Authorization: authorization } },
    { ...initiate(what, VALID_INITIATE_BODY, 401, code, message), headers: { Authorization: authorization } },
  ]),
  { name: 'DELETE policy: no token', method: 'DELETE', path: `${RESTRICTED}?${JIT_V}`, headers: { Authorization: null }, status: 401, code: 'AuthenticationFailed' },
  { name: 'list VMs: an unknown user', method: 'GET', path: `${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`, headers: { Authorization: token('eve@contoso.com') }, status: 401, code: 'InvalidAuthenticationToken' },
  { ...put('as the reader', VALID_PUT_BODY, 403, 'AuthorizationFailed', /reader@contoso\.com.*jitNetworkAccessPolicies\/write/), headers: AS_READER },
  { ...put('as the requester', VALID_PUT_BODY, 403, 'AuthorizationFailed', /requester@contoso\.com.*jitNetworkAccessPolicies\/write/), headers: AS_REQUESTER },
  { ...initiate('as the reader', VALID_INITIATE_BODY, 403, 'AuthorizationFailed', /reader@contoso\.com.*initiate\/action/), headers: AS_READER },
  { name: 'DELETE policy: as the reader', method: 'DELETE', path: `${RESTRICTED}?${JIT_V}`, headers: AS_READER, status: 403, code: 'AuthorizationFailed', message: /jitNetworkAccessPolicies\/delete/ },
  { name: 'DELETE policy: as the requester', method: 'DELETE', path: `${RESTRICTED}?${JIT_V}`, headers: AS_REQUESTER, status: 403, code: 'AuthorizationFailed', message: /requester@contoso\.com/ },
  { ...put('a stale If-Match', VALID_PUT_BODY, 412, 'PreconditionFailed', /changed since it was read/, `${RESTRICTED}?${JIT_V}`), headers: { 'If-Match': '"00000000-0000-4000-8000-000000000001"' } },
  { ...put('If-Match on a policy that does not exist', VALID_PUT_BODY, 412, 'PreconditionFailed', /does not exist/), headers: { 'If-Match': '"abc"' } },
  { ...put('If-Match without quotes', VALID_PUT_BODY, 412, 'PreconditionFailed', /changed since it was read/, `${RESTRICTED}?${JIT_V}`), headers: { 'If-Match': 'garbage' } },
];

// ---------------------------------------------------------------------------------------------
// Other reads that take parameters, and the emulator's own control routes
// ---------------------------------------------------------------------------------------------

const EVENTS = `${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`;
const otherCases: BadInputCase[] = [
  { name: 'list VMs: $skiptoken -1', method: 'GET', path: `${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&$skiptoken=-1`, status: 400, code: 'InvalidSkipToken', message: /'-1'/ },
  { name: 'list JIT policies: $skiptoken "abc"', method: 'GET', path: `${SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies?${JIT_V}&$skiptoken=abc`, status: 400, code: 'InvalidSkipToken', message: /'abc'/ },
  { name: 'activity log: no $filter', method: 'GET', path: EVENTS, status: 400, code: 'BadRequest', message: /eventTimestamp/ },
  { name: 'activity log: $filter without an end', method: 'GET', path: `${EVENTS}&$filter=${encodeURIComponent("eventTimestamp ge '2024-04-01T00:00:00Z'")}`, status: 400, code: 'BadRequest', message: /time range/ },
  { name: 'activity log: $filter with a bad date', method: 'GET', path: `${EVENTS}&$filter=${encodeURIComponent("eventTimestamp ge 'yesterday' and eventTimestamp le '2024-05-01T00:00:00Z'")}`, status: 400, code: 'BadRequest', message: /'yesterday'/ },
  { name: 'activity log: $filter over 90 days', method: 'GET', path: `${EVENTS}&$filter=${encodeURIComponent("eventTimestamp ge '2024-01-01T00:00:00Z' and eventTimestamp le '2024-05-01T00:00:00Z'")}`, status: 400, code: 'BadRequest', message: /90 days/ },
  { name: 'activity log: $filter on an unknown field', method: 'GET', path: `${EVENTS}&$filter=${encodeURIComponent("eventTimestamp ge '2024-04-20T00:00:00Z' and eventTimestamp le '2024-05-01T00:00:00Z' and level eq 'Error'")}`, status: 400, code: 'BadRequest', message: /level/ },
  { name: 'GET a policy that does not exist', method: 'GET', path: `${policyPath('rg-web', 'westeurope', 'nope')}?${JIT_V}`, status: 404, code: 'ResourceNotFound', message: /nope/ },
  { name: 'PATCH a policy (not an ARM operation of JIT)', method: 'PATCH', path: `${RESTRICTED}?${JIT_V}`, body: VALID_PUT_BODY, status: 404, code: 'InvalidResourceType', message: /PATCH/ },
  { name: 'GET the initiate action', method: 'GET', path: VALID_INITIATE_PATH, status: 404, code: 'InvalidResourceType', message: /GET/ },
  { name: 'an unknown resource provider', method: 'GET', path: `${SUB}/providers/Microsoft.Nope/things?api-version=2020-01-01`, status: 404, code: 'InvalidResourceType', message: /Microsoft\.Nope/ },

  { name: 'reset: an unknown scenario', method: 'POST', path: '/emulator/reset', body: { scenario: 'huge' }, status: 400, code: 'InvalidScenario', message: /"huge".*default, large/ },
  { name: 'reset: scenario 5', method: 'POST', path: '/emulator/reset', body: { scenario: 5 }, status: 400, code: 'InvalidScenario', message: /scenario/ },
  { name: 'reset: scenario null', method: 'POST', path: '/emulator/reset', body: { scenario: null }, status: 400, code: 'InvalidScenario', message: /scenario/ },
  { name: 'reset: body []', method: 'POST', path: '/emulator/reset', body: [], status: 400, code: 'InvalidScenario', message: /scenario/ },
  { name: 'reset: malformed JSON', method: 'POST', path: '/emulator/reset', body: '{"scenario":', status: 400, code: 'InvalidRequestContent', message: /JSON/ },
  ...(
    [
      ['failureRate 2', { failureRate: 2 }, /failureRate/],
      ['latencyMs -1', { latencyMs: -1 }, /latencyMs/],
      ['latencyMs 1.5', { latencyMs: 1.5 }, /latencyMs/],
      ['failureStatus 404', { failureStatus: 404 }, /failureStatus/],
      ['methods "GET" (not a list)', { methods: 'GET' }, /methods/],
      ['seed 1.5', { seed: 1.5 }, /seed/],
      ['dropRate "0.5"', { dropRate: '0.5' }, /dropRate/],
      ['retryAfterSeconds 99999', { retryAfterSeconds: 99999 }, /retryAfterSeconds/],
      ['body []', [], /body|object/],
    ] as const
  ).map(([what, body, message]): BadInputCase => ({ name: `faults: ${what}`, method: 'PUT', path: '/emulator/faults', body, status: 400, code: 'InvalidFaults', message })),
  { name: 'faults: malformed JSON', method: 'PUT', path: '/emulator/faults', body: 'nope', status: 400, code: 'InvalidRequestContent', message: /JSON/ },
];

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  ...portNumberCases,
  ...protocolCases,
  ...prefixCases,
  ...durationCases,
  ...structureCases,
  ...wireCases,
  ...initiateCases,
  ...apiVersionCases,
  ...subscriptionCases,
  ...groupCases,
  ...identityCases,
  ...otherCases,
];
