import { useEffect, useId, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import { useQueries, useQuery } from '@tanstack/react-query';
import { getJitPolicyQueryOptions } from '../../api/get-jit-policy';
import { listJitPoliciesQueryOptions } from '../../api/list-jit-policies';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n } from '../../components/i18n/i18n';
import { JIT_ACTIONS } from '../../domain/permissions';
import { policyAddressOf, portsOfVm } from '../../domain/policy-merge';
import { defaultPortRules } from '../../domain/policy-validation';
import { PortDialog } from './add-port-dialog';
import { draftFromRule, hasErrors, newDraftKey, ruleFromDraft, validateDraft, type PortDraft } from './port-form';
import { usePermissionGate } from '../../api/use-permission-gate';
import { firstFew } from './first-few';
import { useSavePolicies, type GroupState, type SaveVm } from './use-save-policies';

export interface JitConfigPaneProps<T extends SaveVm> {
  mode: 'enable' | 'edit';
  vms: readonly T[];
  onClose: () => void;
  onViewNsgRules: (vm: T) => void;
}

function enableForText(t: ReturnType<typeof useI18n>['t'], names: readonly string[]): string {
  const { shown, more } = firstFew(names);
  return more === 0
    ? t('pane.config.enableFor', { names: shown.join(', ') })
    : t('pane.config.enableForMany', { count: names.length, names: shown.join(', '), more });
}

/** "JIT VM access configuration": the Enable (N VMs) and Edit (one VM) pane. */
export function JitConfigPane<T extends SaveVm>(props: JitConfigPaneProps<T>) {
  const { t } = useI18n();
  const titleId = useId();
  const first = props.vms[0];
  const address = props.mode === 'edit' && first?.policyId !== undefined ? policyAddressOf(first.policyId) : undefined;
  // Edit starts from what the policy holds now, not from a cached list.
  const policy = useQuery({
    ...getJitPolicyQueryOptions(address ?? { subscriptionId: '', resourceGroup: '', location: '', name: '' }),
    enabled: address !== undefined,
    refetchOnMount: 'always',
  });

  let body;
  if (props.mode === 'enable') {
    body = <JitConfigForm {...props} initial={defaultPortRules().map(draftFromRule)} />;
  } else if (policy.isPending) {
    body = (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
        <CircularProgress size={20} />
        <Typography>{t('pane.loading')}</Typography>
      </Stack>
    );
  } else if (policy.isError) {
    body = <Alert severity="error">{t('pane.loadFailed', { message: policy.error.message })}</Alert>;
  } else {
    body = (
      <JitConfigForm
        {...props}
        initial={portsOfVm(policy.data, first?.id ?? '').map(draftFromRule)}
        openedVersion={policy.data === undefined ? undefined : { id: policy.data.id, etag: policy.data.etag }}
      />
    );
  }

  return (
    <Drawer
      anchor="right"
      open
      onClose={props.onClose}
      slotProps={{ paper: { role: 'dialog', 'aria-modal': true, 'aria-labelledby': titleId, sx: { width: { xs: '100%', md: 820 } } } }}
    >
      <Box sx={{ p: 3 }}>
        <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', mb: 1 }}>
          <Typography id={titleId} variant="h5" component="h2">
            {t('pane.config.title')}
          </Typography>
          <IconButton aria-label={t('pane.close')} onClick={props.onClose}>
            <CloseIcon />
          </IconButton>
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 2, overflowWrap: 'anywhere' }}>
          {props.mode === 'enable'
            ? enableForText(t, props.vms.map((vm) => vm.name))
            : t('pane.config.editFor', { name: first?.name ?? '' })}
        </Typography>
        {body}
      </Box>
    </Drawer>
  );
}

function JitConfigForm<T extends SaveVm>({
  mode,
  vms,
  onClose,
  onViewNsgRules,
  initial,
  openedVersion,
}: JitConfigPaneProps<T> & { initial: PortDraft[]; openedVersion?: { id: string; etag?: string | undefined } | undefined }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [rows, setRows] = useState<PortDraft[]>(initial);
  const [dialog, setDialog] = useState<{ mode: 'add' | 'edit'; draft: PortDraft } | undefined>();
  const { save, reapply, pending, groups } = useSavePolicies<T>(mode);
  const gate = usePermissionGate(vms, [JIT_ACTIONS.write]);

  const subscriptions = useMemo(() => [...new Set(vms.map((vm) => vm.subscriptionId.toLowerCase()))], [vms]);
  const existingPolicies = useQueries({
    queries: subscriptions.map((s) => listJitPoliciesQueryOptions(s)),
    combine: (results) => results.flatMap((result) => result.data ?? []),
  });
  const existingPolicyIds = useMemo(() => existingPolicies.map((policy) => policy.id), [existingPolicies]);
  // The version of each policy this pane was opened on: Save sends it as If-Match, so a change made
  // meanwhile (another admin, another tab) is a 412 with "re-apply", never a silent overwrite.
  const openedEtags = useRef(new Map<string, string>());
  useEffect(() => {
    const known = openedEtags.current;
    if (openedVersion?.etag !== undefined && !known.has(openedVersion.id.toLowerCase())) known.set(openedVersion.id.toLowerCase(), openedVersion.etag);
    for (const policy of existingPolicies) {
      if (policy.etag !== undefined && !known.has(policy.id.toLowerCase())) known.set(policy.id.toLowerCase(), policy.etag);
    }
  }, [existingPolicies, openedVersion]);

  const messages = { portNotNumber: t('pane.config.portNotNumber'), hoursNotNumber: t('pane.config.hoursNotNumber') };
  const rowErrors = rows.map((row) => validateDraft(row, rows, messages));
  const firstInvalid = rows.findIndex((_, index) => hasErrors(rowErrors[index] ?? {}));
  let refusal: string | undefined;
  if (rows.length === 0) refusal = t('pane.config.noPorts');
  else if (firstInvalid !== -1) {
    const errors = rowErrors[firstInvalid] ?? {};
    const message = errors.number ?? errors.protocol ?? errors.sources ?? errors.maxHours ?? '';
    refusal = t('pane.config.rowInvalid', { port: rows[firstInvalid]?.number ?? '', message });
  }
  const permissionReason =
    gate.state === 'missing' ? t('permission.missing', { action: gate.action, scope: gate.scope }) : gate.state === 'checking' ? t('permission.checking') : undefined;
  const disabledReason = permissionReason ?? refusal;

  const allSaved = groups.length > 0 && groups.every((state) => state.outcome?.status === 'saved');
  const savedVms = groups.filter((state) => state.outcome?.status === 'saved').flatMap((state) => state.group.vms);
  const saved = firstFew(savedVms);
  const problems = groups.filter((state) => state.outcome !== undefined && state.outcome.status !== 'saved');
  const ports = () => rows.map(ruleFromDraft);
  const protocolLabel = (protocol: string) => (protocol === '*' ? t('pane.config.protocol.any') : protocol);

  return (
    <>
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
        {t('pane.config.portsCaption')}
      </Typography>
      <Table size="small" aria-label={t('pane.config.portsCaption')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('pane.config.port')}</TableCell>
            <TableCell>{t('term.protocol')}</TableCell>
            <TableCell>{t('term.allowedSourceIps')}</TableCell>
            <TableCell>{t('term.maxRequestTime')}</TableCell>
            <TableCell align="right">{t('pane.config.actions')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, index) => {
            const errors = rowErrors[index] ?? {};
            const message = errors.number ?? errors.protocol ?? errors.sources ?? errors.maxHours;
            return (
              <TableRow key={row.key}>
                <TableCell>
                  {row.number}
                  {message !== undefined && (
                    <Typography variant="caption" color="error" component="div">
                      {message}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{protocolLabel(row.protocol)}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  {row.sourceMode === 'any' ? t('pane.config.sources.any') : row.prefixes.split(/[\s,;]+/).filter(Boolean).join(', ')}
                </TableCell>
                <TableCell>{t('pane.config.hours', { hours: row.maxHours })}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <IconButton
                    size="small"
                    aria-label={t('pane.config.editPort', { port: row.number })}
                    disabled={pending}
                    onClick={() => {
                      setDialog({ mode: 'edit', draft: row });
                    }}
                  >
                    <EditOutlinedIcon fontSize="small" />
                  </IconButton>
                  <IconButton
                    size="small"
                    aria-label={t('pane.config.deletePort', { port: row.number })}
                    disabled={pending}
                    onClick={() => {
                      setRows((old) => old.filter((r) => r.key !== row.key));
                    }}
                  >
                    <DeleteOutlineIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {rows.length === 0 && <Typography sx={{ mt: 1 }}>{t('pane.config.noPorts')}</Typography>}
      <Button
        startIcon={<AddIcon />}
        sx={{ mt: 1 }}
        disabled={pending}
        onClick={() => {
          setDialog({ mode: 'add', draft: { key: newDraftKey(), number: '', protocol: '*', sourceMode: 'any', prefixes: '', maxHours: '3' } });
        }}
      >
        {t('term.add')}
      </Button>

      <Stack spacing={1.5} sx={{ mt: 3 }} aria-live="polite">
        {allSaved && (
          <Alert severity="success">
            <AlertTitle>
              {saved.more === 0
                ? t('pane.config.saved', { names: saved.shown.map((vm) => vm.name).join(', ') })
                : t('pane.config.savedMany', { count: savedVms.length, names: saved.shown.map((vm) => vm.name).join(', '), more: saved.more })}
            </AlertTitle>
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mt: 1 }}>
              {saved.shown.map((vm) => (
                <Button
                  key={vm.id}
                  size="small"
                  variant="outlined"
                  onClick={() => {
                    onViewNsgRules(vm);
                  }}
                >
                  {t('pane.viewNsgRulesOf', { name: vm.name })}
                </Button>
              ))}
            </Stack>
          </Alert>
        )}
        {!allSaved && problems.length > 0 && savedVms.length > 0 && (
          <Alert severity="info">{t('pane.config.partial', { saved: savedVms.length, total: vms.length })}</Alert>
        )}
        {problems.map((state) => (
          <GroupProblem
            key={state.group.key}
            state={state}
            pending={pending}
            onReapply={() => {
              void reapply(state.group.key, ports());
            }}
          />
        ))}
      </Stack>

      <Stack direction="row" spacing={1} sx={{ mt: 3, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        {!allSaved && (
          <DisabledReason reason={pending ? undefined : disabledReason}>
            {(describedBy) => (
              <Button
                variant="contained"
                aria-describedby={describedBy}
                disabled={pending || disabledReason !== undefined}
                onClick={() => {
                  void save(vms, ports(), existingPolicyIds, openedEtags.current);
                }}
              >
                {pending ? t('pane.config.saving') : t('term.save')}
              </Button>
            )}
          </DisabledReason>
        )}
        <Button onClick={onClose}>{allSaved ? t('pane.close') : t('pane.cancel')}</Button>
        {pending && <CircularProgress size={20} aria-label={t('pane.config.saving')} />}
      </Stack>
      {!pending && !allSaved && disabledReason !== undefined && (
        <Typography color={refusal !== undefined && permissionReason === undefined ? 'error' : 'text.secondary'} variant="body2" sx={{ mt: 1 }}>
          {t('pane.config.saveRefused', { reason: disabledReason })}
        </Typography>
      )}

      {dialog !== undefined && (
        <PortDialog
          initial={dialog.draft}
          mode={dialog.mode}
          rows={rows}
          onCancel={() => {
            setDialog(undefined);
          }}
          onOk={(draft) => {
            setRows((old) => (dialog.mode === 'add' ? [...old, draft] : old.map((row) => (row.key === draft.key ? draft : row))));
            setDialog(undefined);
          }}
        />
      )}
    </>
  );
}

function GroupProblem({ state, pending, onReapply }: { state: GroupState; pending: boolean; onReapply: () => void }) {
  const { t } = useI18n();
  const { group, outcome } = state;
  if (outcome === undefined || outcome.status === 'saved') return null;
  const names = group.vms.map((vm) => vm.name).join(', ');
  const where = { policy: group.address.name, resourceGroup: group.address.resourceGroup, location: group.address.location, names };
  const detail = (
    <>
      <Typography variant="body2">{t('pane.error', { code: outcome.error.code, message: outcome.error.message })}</Typography>
      {outcome.error.correlationId !== undefined && <Typography variant="body2">{t('pane.correlation', { id: outcome.error.correlationId })}</Typography>}
    </>
  );
  if (outcome.status === 'failed') {
    return (
      <Alert severity="error">
        <AlertTitle>{t('pane.config.groupFailed', where)}</AlertTitle>
        {detail}
      </Alert>
    );
  }
  return (
    <Alert
      severity="warning"
      action={
        <Button color="inherit" size="small" disabled={pending} onClick={onReapply}>
          {t('pane.conflict.reapply')}
        </Button>
      }
    >
      <AlertTitle>{t('pane.conflict.title', where)}</AlertTitle>
      <Typography variant="body2">{t('pane.conflict.body', where)}</Typography>
      {outcome.current === undefined ? (
        <Typography variant="body2">{t('pane.conflict.policyGone')}</Typography>
      ) : (
        <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
          {group.vms.map((vm) => {
            const ports = portsOfVm(outcome.current, vm.id);
            return (
              <li key={vm.id}>
                <Typography variant="body2">
                  {ports.length === 0
                    ? t('pane.conflict.vmAbsent', { name: vm.name })
                    : t('pane.conflict.vmPorts', { name: vm.name, ports: ports.map((port) => `${String(port.number)}/${port.protocol === '*' ? t('pane.config.protocol.any') : port.protocol}`).join(', ') })}
                </Typography>
              </li>
            );
          })}
        </Box>
      )}
      {detail}
    </Alert>
  );
}
