import { useId, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { isArmError } from '../../api/arm-client';
import { getJitPolicyQueryOptions } from '../../api/get-jit-policy';
import { initiateJitRequest } from '../../api/initiate-jit-request';
import { invalidateAfterJitWrite } from '../../api/query-keys';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n } from '../../components/i18n/i18n';
import { useNotificationsStore } from '../../components/notifications/notifications-context';
import type { JitNetworkAccessPolicy, JitNetworkAccessPortRule, JitNetworkAccessRequest } from '../../domain/jit-types';
import { JIT_ACTIONS } from '../../domain/permissions';
import { allowedPrefixesOf, buildInitiateBody, policyAddressOf, portsOfVm, type PolicyAddress } from '../../domain/policy-merge';
import { resourceKey } from '../../domain/resource-id';
import { CopyButton } from './copy-button';
import { choiceIsValid, initialChoice, maxHoursOf, validateChoice, type VmChoice } from './request-form';
import { usePermissionGate } from '../../api/use-permission-gate';

export interface RequestTarget {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  policyId?: string | undefined;
  /** Direct address (public IP, else private IP). */
  address?: string | undefined;
  /** The protecting Azure Firewall's public IP, if any. */
  firewallAddress?: string | undefined;
}

type VmResult =
  | { status: 'granted'; request: JitNetworkAccessRequest }
  | { status: 'refused'; code: string; message: string; correlationId?: string | undefined };

const EMPTY_ADDRESS: PolicyAddress = { subscriptionId: '', resourceGroup: '', location: '', name: '' };

/** "Request access": per VM, the policy's ports to open, from where and for how long; then how to connect. */
export function RequestAccessPane({ vms, onClose }: { vms: readonly RequestTarget[]; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  const notifications = useNotificationsStore();
  const queryClient = useQueryClient();
  const gate = usePermissionGate(vms, [JIT_ACTIONS.initiate]);
  const addresses = vms.map((vm) => (vm.policyId === undefined ? undefined : policyAddressOf(vm.policyId)));
  const policies = useQueries({
    queries: addresses.map((address) => ({ ...getJitPolicyQueryOptions(address ?? EMPTY_ADDRESS), enabled: address !== undefined, refetchOnMount: 'always' as const })),
  });
  const [choices, setChoices] = useState<Readonly<Record<string, VmChoice>>>({});
  const [justification, setJustification] = useState('');
  const [results, setResults] = useState<Readonly<Record<string, VmResult>>>({});
  const [touched, setTouched] = useState(false);
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);

  const messages = {
    hoursOutOfRange: (port: number, max: number) => t('pane.request.hoursOutOfRange', { port, max: i18n.formatNumber(max) }),
    rangeRequired: t('pane.request.rangeRequired'),
  };
  const rows = vms.map((vm, index) => {
    const policy = policies[index]?.data;
    const rules = portsOfVm(policy, vm.id);
    const choice = choices[vm.id] ?? initialChoice(rules);
    const errors = validateChoice(choice, rules, { ...messages, noPort: t('pane.request.noPort', { name: vm.name }) });
    return { vm, index, policy, rules, choice, errors, result: results[vm.id], address: addresses[index] };
  });
  const loading = policies.some((query) => query.isPending && query.fetchStatus !== 'idle');
  const open = rows.filter((row) => row.result?.status !== 'granted' && row.rules.length > 0);
  const invalid = open.some((row) => !choiceIsValid(row.errors));
  const permissionReason =
    gate.state === 'missing' ? t('permission.missing', { action: gate.action, scope: gate.scope }) : gate.state === 'checking' ? t('permission.checking') : undefined;
  const allGranted = rows.length > 0 && rows.every((row) => row.result?.status === 'granted');

  const setChoice = (vmId: string, rules: readonly JitNetworkAccessPortRule[], update: (choice: VmChoice) => VmChoice) => {
    setChoices((old) => ({ ...old, [vmId]: update(old[vmId] ?? initialChoice(rules)) }));
  };

  const openPorts = async () => {
    setTouched(true);
    // One request per click: a repeated initiate would revoke the first grant (NewerRequestInitiated).
    if (inFlight.current || invalid || open.length === 0) return;
    inFlight.current = true;
    setPending(true);
    const now = new Date();
    await Promise.all(
      open.map(async (row) => {
        if (row.address === undefined) return;
        const ports = row.rules
          .filter((rule) => row.choice.ports[rule.number]?.enabled === true)
          .map((rule) => ({ number: rule.number, hours: Number(row.choice.ports[rule.number]?.hours ?? '0') }));
        const body = buildInitiateBody({
          now,
          justification,
          choices: [{ vmId: row.vm.id, ports, source: row.choice.sourceMode === 'range' ? row.choice.range.trim() : undefined }],
        });
        const id = notifications.push({ title: t('pane.request.notify', { name: row.vm.name }), status: 'inProgress' });
        let result: VmResult;
        try {
          const request = await initiateJitRequest({ locator: row.address, body });
          result = { status: 'granted', request };
          const end = request.virtualMachines[0]?.ports[0]?.endTimeUtc;
          notifications.update(id, {
            status: 'success',
            message: t('pane.request.notifyGranted', { ports: ports.map((p) => p.number).join(', '), end: end === undefined ? '' : i18n.formatDateTime(end) }),
          });
        } catch (error) {
          result = isArmError(error)
            ? { status: 'refused', code: error.code, message: error.message, correlationId: error.correlationId }
            : { status: 'refused', code: 'Error', message: error instanceof Error ? error.message : String(error) };
          notifications.update(id, {
            status: 'error',
            message: t('pane.config.notifyFailed', { code: result.code, message: result.message, correlationId: result.correlationId ?? '—' }),
          });
        }
        setResults((old) => ({ ...old, [row.vm.id]: result }));
      }),
    );
    await invalidateAfterJitWrite(queryClient);
    inFlight.current = false;
    setPending(false);
  };

  const disabledReason = permissionReason ?? (touched && invalid ? t('pane.request.fixFirst') : undefined);

  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      slotProps={{ paper: { role: 'dialog', 'aria-modal': true, 'aria-labelledby': titleId, sx: { width: { xs: '100%', md: 720 } } } }}
    >
      <Box sx={{ p: 3 }}>
        <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', mb: 2 }}>
          <Typography id={titleId} variant="h5" component="h2">
            {t('command.requestAccess')}
          </Typography>
          <IconButton aria-label={t('pane.close')} onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Stack>
        {loading && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
            <CircularProgress size={20} />
            <Typography>{t('pane.loading')}</Typography>
          </Stack>
        )}
        {rows.map((row) => (
          <Box key={row.vm.id} component="section" aria-labelledby={`${titleId}-${String(row.index)}`} sx={{ mb: 3 }}>
            <Typography id={`${titleId}-${String(row.index)}`} variant="h6" component="h3" sx={{ overflowWrap: 'anywhere' }}>
              {t('pane.request.forVm', { name: row.vm.name })}
            </Typography>
            {policies[row.index]?.isError === true && <Alert severity="error">{t('pane.loadFailed', { message: policies[row.index]?.error?.message ?? '' })}</Alert>}
            {row.result?.status === 'granted' ? (
              <ConnectionDetails vm={row.vm} policy={row.policy} request={row.result.request} />
            ) : (
              <VmRequestForm
                vm={row.vm}
                rules={row.rules}
                choice={row.choice}
                errors={row.errors}
                showErrors={touched}
                disabled={pending}
                loaded={row.policy !== undefined}
                onChange={(update) => {
                  setChoice(row.vm.id, row.rules, update);
                }}
              />
            )}
            {row.result?.status === 'refused' && (
              <Alert severity="error" sx={{ mt: 1 }}>
                <Typography variant="body2">{t('pane.request.refused', { name: row.vm.name, message: `${row.result.code}: ${row.result.message}` })}</Typography>
                {row.result.correlationId !== undefined && <Typography variant="body2">{t('pane.correlation', { id: row.result.correlationId })}</Typography>}
              </Alert>
            )}
            <Divider sx={{ mt: 2 }} />
          </Box>
        ))}
        {!allGranted && (
          <TextField
            label={t('pane.request.justification')}
            value={justification}
            multiline
            minRows={2}
            fullWidth
            disabled={pending}
            onChange={(event) => {
              setJustification(event.target.value);
            }}
          />
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 3, alignItems: 'center' }}>
          {!allGranted && (
            <DisabledReason reason={pending ? undefined : disabledReason}>
              {(describedBy) => (
                <Button
                  variant="contained"
                  aria-describedby={describedBy}
                  disabled={pending || disabledReason !== undefined || loading}
                  onClick={() => {
                    void openPorts();
                  }}
                >
                  {pending ? t('pane.request.opening') : t('term.openPorts')}
                </Button>
              )}
            </DisabledReason>
          )}
          <Button onClick={onClose}>{allGranted ? t('pane.close') : t('pane.cancel')}</Button>
          {pending && <CircularProgress size={20} aria-label={t('pane.request.opening')} />}
        </Stack>
      </Box>
    </Drawer>
  );
}

function VmRequestForm({
  vm,
  rules,
  choice,
  errors,
  showErrors,
  disabled,
  loaded,
  onChange,
}: {
  vm: RequestTarget;
  rules: readonly JitNetworkAccessPortRule[];
  choice: VmChoice;
  errors: ReturnType<typeof validateChoice>;
  showErrors: boolean;
  disabled: boolean;
  loaded: boolean;
  onChange: (update: (choice: VmChoice) => VmChoice) => void;
}) {
  const { t, formatNumber } = useI18n();
  const sourceId = useId();
  if (!loaded) return null;
  if (rules.length === 0) return <Typography>{t('pane.request.noPolicyPorts', { name: vm.name })}</Typography>;
  const protocolLabel = (protocol: string) => (protocol === '*' ? t('pane.config.protocol.any') : protocol);
  return (
    <Stack spacing={1.5} sx={{ mt: 1 }}>
      {rules.map((rule) => {
        const port = choice.ports[rule.number] ?? { enabled: false, hours: '3' };
        const hoursError = errors.hours[rule.number];
        return (
          <Stack key={`${String(rule.number)}-${rule.protocol}`} direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'flex-start' } }}>
            <Box sx={{ minWidth: 220 }}>
              <FormControlLabel
                control={
                  <Switch
                    checked={port.enabled}
                    disabled={disabled}
                    onChange={(event) => {
                      onChange((old) => ({ ...old, ports: { ...old.ports, [rule.number]: { ...port, enabled: event.target.checked } } }));
                    }}
                    slotProps={{ input: { 'aria-label': t('pane.request.portToggle', { port: rule.number }) } }}
                  />
                }
                label={t('pane.request.port', { port: rule.number, protocol: protocolLabel(rule.protocol) })}
              />
              <Typography variant="caption" color="text.secondary" component="div" sx={{ overflowWrap: 'anywhere' }}>
                {t('pane.request.allowedSources', { sources: allowedPrefixesOf(rule).join(', ') })}
              </Typography>
            </Box>
            {port.enabled && (
              <TextField
                size="small"
                label={t('pane.request.hours', { port: rule.number })}
                value={port.hours}
                inputMode="decimal"
                disabled={disabled}
                error={hoursError !== undefined}
                helperText={hoursError ?? t('pane.request.hoursHelp', { max: formatNumber(maxHoursOf(rule)) })}
                onChange={(event) => {
                  onChange((old) => ({ ...old, ports: { ...old.ports, [rule.number]: { ...port, hours: event.target.value } } }));
                }}
              />
            )}
          </Stack>
        );
      })}
      {showErrors && errors.ports !== undefined && <Typography color="error">{errors.ports}</Typography>}
      <FormControl>
        <FormLabel id={sourceId}>{t('pane.request.source')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby={sourceId}
          value={choice.sourceMode}
          onChange={(event) => {
            onChange((old) => ({ ...old, sourceMode: event.target.value === 'range' ? 'range' : 'myIp' }));
          }}
        >
          <FormControlLabel value="myIp" control={<Radio disabled={disabled} />} label={t('pane.request.myIp')} />
          <FormControlLabel value="range" control={<Radio disabled={disabled} />} label={t('pane.request.ipRange')} />
        </RadioGroup>
      </FormControl>
      {choice.sourceMode === 'myIp' ? (
        <Alert severity="info">{t('pane.request.proxyNote')}</Alert>
      ) : (
        <TextField
          size="small"
          label={t('pane.request.rangeLabel')}
          value={choice.range}
          disabled={disabled}
          error={errors.range !== undefined && (showErrors || choice.range !== '')}
          helperText={errors.range !== undefined && (showErrors || choice.range !== '') ? errors.range : undefined}
          onChange={(event) => {
            onChange((old) => ({ ...old, range: event.target.value }));
          }}
        />
      )}
    </Stack>
  );
}

function ConnectionDetails({ vm, policy, request }: { vm: RequestTarget; policy: JitNetworkAccessPolicy | undefined; request: JitNetworkAccessRequest }) {
  const { t, formatDateTime } = useI18n();
  const key = resourceKey(vm.id);
  const granted = request.virtualMachines.find((entry) => resourceKey(entry.id) === key);
  const firewallIp = vm.firewallAddress ?? policy?.properties.virtualMachines.find((entry) => resourceKey(entry.id) === key)?.publicIpAddress;
  return (
    <Alert severity="success" sx={{ mt: 1 }}>
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {t('pane.request.granted', { name: vm.name })}
      </Typography>
      <Box component="ul" sx={{ pl: 2, my: 0.5 }}>
        {(granted?.ports ?? []).map((port) => {
          const target = port.mappedPort !== undefined ? `${firewallIp ?? ''}:${String(port.mappedPort)}` : `${vm.address ?? ''}:${String(port.number)}`;
          return (
            <li key={port.number}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="body2">{t('pane.request.connect')}</Typography>
                <Typography variant="body2" component="code" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
                  {target}
                </Typography>
                <CopyButton text={target} />
              </Stack>
              <Typography variant="caption" component="div">
                {t('pane.request.connectVia', {
                  port: port.number,
                  mapped: port.mappedPort === undefined ? '' : t('pane.request.mapped', { mappedPort: port.mappedPort }),
                  source: port.allowedSourceAddressPrefix ?? (port.allowedSourceAddressPrefixes ?? []).join(', '),
                  end: formatDateTime(port.endTimeUtc),
                })}
              </Typography>
            </li>
          );
        })}
      </Box>
    </Alert>
  );
}
