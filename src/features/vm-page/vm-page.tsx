import { useEffect, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useCreateOrUpdateJitPolicy } from '../../api/create-or-update-jit-policy';
import { getJitPolicy } from '../../api/get-jit-policy';
import { useInitiateJitRequest } from '../../api/initiate-jit-request';
import { activityKeys, invalidateAfterJitWrite } from '../../api/query-keys';
import { Countdown, useNow } from '../../components/countdown';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n, type I18n } from '../../components/i18n/i18n';
import { RouterLink } from '../../components/router-link';
import { saveTextFile } from '../../components/save-file';
import { summarizeVmAccess, type OpenPort } from '../../domain/access-summary';
import { nextEndTime, rdpFileText, sshCommand, vmPageDefaultRequestPort, vmPageRequestDurationMs } from '../../domain/connect-info';
import { describeDuration, parseIsoDuration } from '../../domain/duration';
import type { JitNetworkAccessPolicy } from '../../domain/jit-types';
import { isActionAllowed, JIT_ACTIONS } from '../../domain/permissions';
import { mergeVmPorts } from '../../domain/policy-merge';
import { vmPageDefaultPortRules } from '../../domain/policy-validation';
import { parseResourceId, resourceKey } from '../../domain/resource-id';
import { useVmDetails, type VmDetails } from './use-vm-details';

interface Notice {
  ok: boolean;
  message: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function durationText(ms: number, t: I18n['t']): string {
  if (ms === 3_600_000) return t('vmPage.oneHour');
  return ms % 3_600_000 === 0 ? t('vmPage.hours', { hours: ms / 3_600_000 }) : describeDuration(ms);
}

/** Why an action is unavailable (missing permission at the VM's resource group), or undefined. */
function useDeniedReason(details: VmDetails, action: string): string | undefined {
  const { t } = useI18n();
  if (details.permissions === undefined) return t('permission.checking');
  if (isActionAllowed(details.permissions, action)) return undefined;
  return t('permission.missing', { action, scope: `/subscriptions/${details.parsed.subscriptionId}/resourceGroups/${details.parsed.resourceGroup}` });
}

/** At the next end time of an open port, refetch: the service expires the request on read, so the port closes in the UI and in the NSGs. */
function useRefetchAtEndTimes(endTimes: readonly string[]): void {
  const queryClient = useQueryClient();
  const key = endTimes.join('|');
  useEffect(() => {
    const next = nextEndTime(key === '' ? [] : key.split('|'), new Date());
    if (next === undefined) return;
    // A little after the end so the service's clock has certainly passed it.
    const timer = setTimeout(() => {
      // Expiry is a JIT write on the service's side (it removes the allow rules) and logs an event.
      void Promise.all([invalidateAfterJitWrite(queryClient), queryClient.invalidateQueries({ queryKey: activityKeys.all })]);
    }, next - Date.now() + 1_000);
    return () => {
      clearTimeout(timer);
    };
  }, [key, queryClient]);
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <>
      <Box component="dt" sx={{ fontWeight: 600 }}>
        {label}
      </Box>
      <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {value}
      </Box>
    </>
  );
}

function Overview({ details }: { details: VmDetails }) {
  const { t } = useI18n();
  const { vm, network } = details;
  const none = t('vmPage.none');
  const nsgNames = network.nsgIds.map((id) => parseResourceId(id)?.name ?? id);
  return (
    <Paper component="section" aria-labelledby="vm-overview" variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Typography id="vm-overview" variant="h6" component="h2" gutterBottom>
        {t('vmPage.overview')}
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 3, rowGap: 1, m: 0 }}>
        <Field label={t('vmPage.os')} value={vm.properties.storageProfile.osDisk.osType} />
        <Field label={t('vmPage.resourceGroup')} value={details.parsed.resourceGroup} />
        <Field label={t('vmPage.location')} value={vm.location} />
        <Field label={t('vmPage.subscription')} value={details.subscriptionName} />
        <Field label={t('vmPage.privateIp')} value={network.privateIpAddresses.join(', ') || none} />
        <Field label={t('vmPage.publicIp')} value={network.publicIpAddresses.join(', ') || none} />
        <Field label={t('vmPage.nsgs')} value={nsgNames.join(', ') || none} />
        {network.firewall !== undefined && (
          <Field
            label={t('vmPage.firewall')}
            value={`${parseResourceId(network.firewall.id)?.name ?? network.firewall.id}${network.firewall.publicIpAddress === undefined ? '' : ` (${network.firewall.publicIpAddress})`}`}
          />
        )}
      </Box>
    </Paper>
  );
}

/** "Enable just-in-time" with the VM page's OS defaults: GET the policy of the VM's group and location, merge, PUT. */
function EnableJit({ details, onResult }: { details: VmDetails; onResult: (result: Notice | undefined) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const write = useCreateOrUpdateJitPolicy();
  const setResult = onResult;
  const denied = useDeniedReason(details, JIT_ACTIONS.write);
  const os = details.vm.properties.storageProfile.osDisk.osType;
  const ports = vmPageDefaultPortRules(os);
  const port = ports[0]?.number ?? 22;

  const enable = async () => {
    setResult(undefined);
    try {
      const target = details.policiesHere.find((p) => p.name.toLowerCase() === 'default') ?? details.policiesHere[0];
      const locator = { subscriptionId: details.parsed.subscriptionId, resourceGroup: details.parsed.resourceGroup, location: details.vm.location, name: target?.name ?? 'default' };
      // PUT replaces the policy: merge into what the service holds now, guarded by its etag.
      const fresh: JitNetworkAccessPolicy | undefined = target === undefined ? undefined : await getJitPolicy(locator);
      await write.mutateAsync({ locator, input: mergeVmPorts(fresh, [{ id: details.vm.id, ports }], details.vm.location), etag: fresh?.etag });
      void queryClient.invalidateQueries({ queryKey: activityKeys.all });
      setResult({ ok: true, message: t('vmPage.enabled', { name: details.vm.name, port }) });
    } catch (error) {
      setResult({ ok: false, message: t('vmPage.enableFailed', { message: errorText(error) }) });
    }
  };

  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Typography>{t('vmPage.enableDefaults', { os, port })}</Typography>
      {details.freeTier && <Alert severity="warning">{t('vmPage.freeTier')}</Alert>}
      <DisabledReason reason={denied}>
        {(describedBy) => (
          <Button
            variant="contained"
            disabled={denied !== undefined || write.isPending}
            aria-describedby={describedBy}
            onClick={() => {
              void enable();
            }}
          >
            {write.isPending ? t('vmPage.enabling') : t('vmPage.enable')}
          </Button>
        )}
      </DisabledReason>
    </Stack>
  );
}

function Configuration({ details, onResult }: { details: VmDetails; onResult: (result: Notice | undefined) => void }) {
  const { t } = useI18n();
  return (
    <Paper component="section" aria-labelledby="vm-configuration" variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Typography id="vm-configuration" variant="h6" component="h2">
        {t('vmPage.configuration')}
      </Typography>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mt: 1, mb: 1 }}>
        {t('vmPage.jit')}
      </Typography>
      {details.policy !== undefined && details.policyVm !== undefined ? (
        <Stack spacing={1}>
          <Typography>{t('vmPage.jitEnabled', { policy: details.policy.name, ports: details.policyVm.ports.map((p) => p.number).join(', ') })}</Typography>
          <RouterLink href={`${import.meta.env.BASE_URL}?tab=configured&edit=${encodeURIComponent(details.vm.id)}`}>{t('vmPage.openPolicy')}</RouterLink>
        </Stack>
      ) : (
        <>
          <Typography sx={{ mb: 1 }}>{t('vmPage.jitOff')}</Typography>
          <EnableJit details={details} onResult={onResult} />
        </>
      )}
    </Paper>
  );
}

function CopyableCommand({ command, label }: { command: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <TextField size="small" label={label} value={command} slotProps={{ htmlInput: { readOnly: true } }} sx={{ minWidth: 320 }} />
      <Button
        variant="outlined"
        onClick={() => {
          void navigator.clipboard?.writeText(command).then(() => {
            setCopied(true);
          });
        }}
      >
        {copied ? t('vmPage.copied') : t('vmPage.copy')}
      </Button>
    </Stack>
  );
}

function OpenPortDetails({ port, details, viaFirewall }: { port: OpenPort; details: VmDetails; viaFirewall: boolean }) {
  const { t, formatDateTime } = useI18n();
  const os = details.vm.properties.storageProfile.osDisk.osType;
  const target = { address: port.address, port: port.connectPort };
  return (
    <Box data-testid={`open-port-${String(port.number)}`} sx={{ borderLeft: 3, borderColor: 'success.main', pl: 2, py: 1 }}>
      <Typography sx={{ fontWeight: 600 }}>{t('vmPage.connectTo', { address: port.address, port: port.connectPort })}</Typography>
      {viaFirewall && <Typography variant="body2">{t('vmPage.viaFirewall', { address: port.address, mappedPort: port.connectPort, port: port.number })}</Typography>}
      <Typography variant="body2">
        {t('vmPage.closesIn', { port: port.number })} <Countdown endTimeUtc={port.endTimeUtc} label={t('vmPage.closesIn', { port: port.number })} />{' '}
        {t('vmPage.endsAt', { time: formatDateTime(port.endTimeUtc) })}
      </Typography>
      <Box sx={{ mt: 1 }}>
        {os === 'Windows' ? (
          <Button
            variant="outlined"
            onClick={() => {
              saveTextFile(rdpFileText(target), `${details.vm.name}.rdp`, 'application/x-rdp');
            }}
          >
            {t('vmPage.downloadRdp')}
          </Button>
        ) : (
          <CopyableCommand command={sshCommand(target, details.vm.properties.osProfile?.adminUsername)} label={t('vmPage.sshCommand')} />
        )}
      </Box>
    </Box>
  );
}

function RequestHistory({ policy, vmId, now }: { policy: JitNetworkAccessPolicy; vmId: string; now: Date }) {
  const { t, formatDateTime } = useI18n();
  const key = resourceKey(vmId);
  const lines = (policy.properties.requests ?? [])
    .flatMap((request) =>
      request.virtualMachines
        .filter((vm) => resourceKey(vm.id) === key)
        .flatMap((vm) => vm.ports.map((port) => ({ request, port }))),
    )
    .sort((a, b) => Date.parse(b.request.startTimeUtc) - Date.parse(a.request.startTimeUtc))
    .slice(0, 5);
  if (lines.length === 0) return null;
  const statusOf = (port: (typeof lines)[number]['port']): string => {
    const ended = Date.parse(port.endTimeUtc) <= now.getTime();
    if (port.status === 'Initiated' && !ended) return t('vmPage.status.open');
    if (port.statusReason === 'NewerRequestInitiated') return t('vmPage.status.revokedNewer');
    if (port.statusReason === 'Expired' || ended) return t('vmPage.status.expired');
    return t('vmPage.status.revoked');
  };
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {t('vmPage.requests')}
      </Typography>
      <Box component="ul" sx={{ pl: 3, my: 0 }} data-testid="request-history">
        {lines.map(({ request, port }, index) => (
          <li key={`${request.startTimeUtc}-${String(port.number)}-${String(index)}`}>
            <Typography variant="body2">
              <strong>{statusOf(port)}</strong>
              {' — '}
              {t('vmPage.requestLine', {
                port: port.number,
                source: port.allowedSourceAddressPrefix ?? (port.allowedSourceAddressPrefixes ?? []).join(', '),
                requestor: request.requestor,
                start: formatDateTime(request.startTimeUtc),
              })}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

function Connect({ details, onResult }: { details: VmDetails; onResult: (result: Notice | undefined) => void }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const initiate = useInitiateJitRequest();
  const denied = useDeniedReason(details, JIT_ACTIONS.initiate);
  const [result, setResult] = useState<{ ok: boolean; message: string } | undefined>();
  const { policy, policyVm } = details;
  const os = details.vm.properties.storageProfile.osDisk.osType;
  const [chosenPort, setChosenPort] = useState<number | undefined>();
  const summary = policy === undefined ? undefined : summarizeVmAccess({ policy, vmId: details.vm.id, network: details.network, now });
  useRefetchAtEndTimes(summary?.openPorts.map((port) => port.endTimeUtc) ?? []);

  if (policy === undefined || policyVm === undefined) {
    return (
      <Paper component="section" aria-labelledby="vm-connect" variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography id="vm-connect" variant="h6" component="h2" gutterBottom>
          {t('vmPage.connect')}
        </Typography>
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('vmPage.notConfigured')}
        </Alert>
        <EnableJit details={details} onResult={onResult} />
      </Paper>
    );
  }

  const port = chosenPort ?? vmPageDefaultRequestPort(policyVm.ports, os);
  const rule = policyVm.ports.find((p) => p.number === port);
  const durationMs = vmPageRequestDurationMs(rule === undefined ? undefined : parseIsoDuration(rule.maxRequestAccessDuration));
  const locator = (() => {
    const parsed = parseResourceId(policy.id);
    return { subscriptionId: parsed?.subscriptionId ?? details.parsed.subscriptionId, resourceGroup: parsed?.resourceGroup ?? details.parsed.resourceGroup, location: policy.location, name: policy.name };
  })();

  const request = async () => {
    if (port === undefined) return;
    setResult(undefined);
    try {
      await initiate.mutateAsync({
        locator,
        body: {
          virtualMachines: [{ id: details.vm.id, ports: [{ number: port, allowedSourceAddressPrefix: '*', endTimeUtc: new Date(Date.now() + durationMs).toISOString() }] }],
        },
      });
      setResult({ ok: true, message: t('vmPage.requestApproved') });
    } catch (error) {
      setResult({ ok: false, message: t('vmPage.requestFailed', { message: errorText(error) }) });
    }
  };

  const viaFirewall = summary?.connection.via === 'firewall';
  return (
    <Paper component="section" aria-labelledby="vm-connect" variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Typography id="vm-connect" variant="h6" component="h2" gutterBottom>
        {t('vmPage.connect')}
      </Typography>
      <Typography sx={{ mb: 1 }}>{t('vmPage.requestIntro')}</Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
        <TextField size="small" label={t('vmPage.sourceIp')} value={t('vmPage.sourceAny')} disabled />
        <TextField size="small" label={t('vmPage.timeRange')} value={durationText(durationMs, t)} disabled />
        <TextField
          select
          size="small"
          label={t('vmPage.port')}
          value={port ?? ''}
          sx={{ minWidth: 140 }}
          onChange={(event) => {
            setChosenPort(Number(event.target.value));
          }}
        >
          {policyVm.ports.map((p) => (
            <MenuItem key={p.number} value={p.number}>
              {p.number}
            </MenuItem>
          ))}
        </TextField>
        <DisabledReason reason={denied}>
          {(describedBy) => (
            <Button
              variant="contained"
              disabled={denied !== undefined || initiate.isPending || port === undefined}
              aria-describedby={describedBy}
              onClick={() => {
                void request();
              }}
            >
              {initiate.isPending ? t('vmPage.requesting') : t('vmPage.requestAccess')}
            </Button>
          )}
        </DisabledReason>
      </Stack>
      {result !== undefined && (
        <Alert severity={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'} sx={{ mb: 1 }}>
          {result.message}
        </Alert>
      )}
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mt: 1 }}>
        {t('vmPage.howToConnect')}
      </Typography>
      {summary === undefined || summary.openPorts.length === 0 ? (
        <Typography data-testid="no-open-ports">{t('vmPage.noOpenPorts')}</Typography>
      ) : (
        <Stack spacing={1}>
          {summary.openPorts.map((open) => (
            <OpenPortDetails key={`${String(open.number)}-${open.endTimeUtc}`} port={open} details={details} viaFirewall={viaFirewall} />
          ))}
        </Stack>
      )}
      <RequestHistory policy={policy} vmId={details.vm.id} now={now} />
    </Paper>
  );
}

/** The VM's own page (seed: "Configure/Request JIT access from an Azure VM's page"): overview, Configuration → Just-in-time access, Connect. */
export function VmPage({ vmId }: { vmId: string }) {
  const { t } = useI18n();
  const result = useVmDetails(vmId);
  const back = <RouterLink href={`${import.meta.env.BASE_URL}?tab=configured`}>{t('vmPage.back')}</RouterLink>;
  if (result.status !== 'success') {
    return (
      <Container component="main" sx={{ py: 3 }}>
        {back}
        <Typography variant="h4" component="h1" sx={{ mt: 1, mb: 2 }}>
          {parseResourceId(vmId)?.name ?? vmId}
        </Typography>
        {result.status === 'pending' && <Typography role="status">{t('vmPage.loading')}</Typography>}
        {result.status === 'invalid' && <Alert severity="error">{t('vmPage.invalidId', { id: vmId })}</Alert>}
        {result.status === 'error' && <Alert severity="error">{t('vmPage.loadFailed', { message: errorText(result.error) })}</Alert>}
      </Container>
    );
  }
  const { details } = result;
  return <VmPageContent details={details} back={back} />;
}

function VmPageContent({ details, back }: { details: VmDetails; back: ReactNode }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<Notice | undefined>();
  return (
    <Container component="main" sx={{ py: 3 }}>
      {back}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', mt: 1, mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1">
          {details.vm.name}
        </Typography>
        <RouterLink href={`${import.meta.env.BASE_URL}activity?vm=${encodeURIComponent(details.vm.id)}`}>{t('vmPage.activityLog')}</RouterLink>
      </Stack>
      <Box role="status" aria-live="polite">
        {notice?.ok === true && (
          <Alert severity="success" sx={{ mb: 2 }}>
            {notice.message}
          </Alert>
        )}
      </Box>
      {notice?.ok === false && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {notice.message}
        </Alert>
      )}
      <Overview details={details} />
      <Configuration details={details} onResult={setNotice} />
      <Connect details={details} onResult={setNotice} />
    </Container>
  );
}
