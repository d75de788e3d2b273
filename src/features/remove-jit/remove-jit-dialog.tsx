import { useId, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { isArmError } from '../../api/arm-client';
import { createOrUpdateJitPolicy } from '../../api/create-or-update-jit-policy';
import { deleteJitPolicy } from '../../api/delete-jit-policy';
import { getJitPolicy } from '../../api/get-jit-policy';
import { invalidateAfterJitWrite } from '../../api/query-keys';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n } from '../../components/i18n/i18n';
import { useNotificationsStore } from '../../components/notifications/notifications-context';
import { JIT_ACTIONS } from '../../domain/permissions';
import { policyAddressOf, removeVmFromPolicy, type PolicyAddress } from '../../domain/policy-merge';
import { usePermissionGate } from '../../api/use-permission-gate';

export interface RemoveTarget {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  policyId?: string | undefined;
  onlyVmInPolicy?: boolean | undefined;
}

type Outcome = { kind: 'removed' } | { kind: 'alreadyGone' } | { kind: 'conflict' } | { kind: 'failed'; code: string; message: string; correlationId?: string | undefined };

/** Reads the policy, takes the VM out (deleting the policy when it was the last VM), writes with If-Match. */
async function removeVm(address: PolicyAddress, vmId: string): Promise<Outcome> {
  try {
    const current = await getJitPolicy(address);
    const result = removeVmFromPolicy(current, vmId);
    if (result.kind === 'notInPolicy') return { kind: 'alreadyGone' };
    if (result.kind === 'delete') await deleteJitPolicy(address);
    else await createOrUpdateJitPolicy({ locator: address, input: result.input, etag: current.etag });
    return { kind: 'removed' };
  } catch (error) {
    if (isArmError(error) && error.status === 404) return { kind: 'alreadyGone' };
    if (isArmError(error) && error.status === 412) return { kind: 'conflict' };
    if (isArmError(error)) return { kind: 'failed', code: error.code, message: error.message, correlationId: error.correlationId };
    return { kind: 'failed', code: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}

/** "Remove": confirmation, then the VM leaves its policy; its JIT rules go and it returns to Recommended. */
export function RemoveJitDialog({ vm, onClose, onViewNsgRules }: { vm: RemoveTarget; onClose: () => void; onViewNsgRules: () => void }) {
  const { t } = useI18n();
  const titleId = useId();
  const notifications = useNotificationsStore();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const address = vm.policyId === undefined ? undefined : policyAddressOf(vm.policyId);
  const gate = usePermissionGate([vm], vm.onlyVmInPolicy === true ? [JIT_ACTIONS.write, JIT_ACTIONS.delete] : [JIT_ACTIONS.write]);
  const reason = gate.state === 'missing' ? t('permission.missing', { action: gate.action, scope: gate.scope }) : gate.state === 'checking' ? t('permission.checking') : undefined;
  const done = outcome?.kind === 'removed' || outcome?.kind === 'alreadyGone';

  const run = async () => {
    if (inFlight.current || address === undefined) return;
    inFlight.current = true;
    setPending(true);
    const id = notifications.push({ title: t('pane.remove.notify', { name: vm.name }), status: 'inProgress' });
    const result = await removeVm(address, vm.id);
    if (result.kind === 'failed') {
      notifications.update(id, { status: 'error', message: t('pane.config.notifyFailed', { code: result.code, message: result.message, correlationId: result.correlationId ?? '—' }) });
    } else if (result.kind === 'conflict') {
      notifications.update(id, { status: 'error', message: t('pane.remove.conflict', { policy: address.name, name: vm.name }) });
    } else {
      notifications.update(id, { status: 'success', message: t('pane.remove.done', { name: vm.name }) });
    }
    await invalidateAfterJitWrite(queryClient);
    setOutcome(result);
    inFlight.current = false;
    setPending(false);
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{t('pane.remove.title', { name: vm.name })}</DialogTitle>
      <DialogContent>
        {!done && (
          <>
            <DialogContentText>{t('pane.remove.body', { name: vm.name })}</DialogContentText>
            {vm.onlyVmInPolicy === true && address !== undefined && (
              <DialogContentText sx={{ mt: 1 }}>{t('pane.remove.lastVm', { name: vm.name, policy: address.name })}</DialogContentText>
            )}
          </>
        )}
        <div aria-live="polite">
          {outcome?.kind === 'removed' && <Alert severity="success">{t('pane.remove.done', { name: vm.name })}</Alert>}
          {outcome?.kind === 'alreadyGone' && <Alert severity="info">{t('pane.remove.alreadyGone', { name: vm.name, policy: address?.name ?? '' })}</Alert>}
          {outcome?.kind === 'conflict' && (
            <Alert severity="warning" sx={{ mt: 2 }}>
              {t('pane.remove.conflict', { name: vm.name, policy: address?.name ?? '' })}
            </Alert>
          )}
          {outcome?.kind === 'failed' && (
            <Alert severity="error" sx={{ mt: 2 }}>
              <Typography variant="body2">{t('pane.error', { code: outcome.code, message: outcome.message })}</Typography>
              {outcome.correlationId !== undefined && <Typography variant="body2">{t('pane.correlation', { id: outcome.correlationId })}</Typography>}
            </Alert>
          )}
        </div>
      </DialogContent>
      <DialogActions>
        {done ? (
          <>
            <Button onClick={onViewNsgRules}>{t('pane.viewNsgRulesOf', { name: vm.name })}</Button>
            <Button variant="contained" onClick={onClose}>
              {t('pane.close')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>{t('pane.cancel')}</Button>
            <DisabledReason reason={pending ? undefined : reason}>
              {(describedBy) => (
                <Button
                  variant="contained"
                  color="error"
                  aria-describedby={describedBy}
                  disabled={pending || reason !== undefined || address === undefined}
                  onClick={() => {
                    void run();
                  }}
                >
                  {pending ? t('pane.remove.removing') : outcome === undefined ? t('pane.remove.confirm') : t('pane.remove.retry')}
                </Button>
              )}
            </DisabledReason>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
