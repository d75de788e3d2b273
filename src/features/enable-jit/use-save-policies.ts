import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { isArmError } from '../../api/arm-client';
import { createOrUpdateJitPolicy } from '../../api/create-or-update-jit-policy';
import { getJitPolicy } from '../../api/get-jit-policy';
import { invalidateAfterJitWrite } from '../../api/query-keys';
import { useI18n } from '../../components/i18n/i18n';
import { useNotificationsStore } from '../../components/notifications/notifications-context';
import type { JitNetworkAccessPolicy, JitNetworkAccessPortRule } from '../../domain/jit-types';
import { groupVmsByPolicy, mergeVmPorts, type PolicyGroup, type VmPlacement } from '../../domain/policy-merge';

export interface SaveVm extends VmPlacement {
  name: string;
}

export interface SaveFailure {
  code: string;
  message: string;
  correlationId?: string | undefined;
}

export type GroupOutcome =
  | { status: 'saved' }
  | { status: 'failed'; error: SaveFailure }
  /** 412: someone wrote the policy between our read and our write; `current` is what it holds now. */
  | { status: 'conflict'; error: SaveFailure; current: JitNetworkAccessPolicy | undefined };

export interface GroupState<T extends SaveVm = SaveVm> {
  group: PolicyGroup<T>;
  outcome?: GroupOutcome | undefined;
}

function toFailure(error: unknown): SaveFailure {
  if (isArmError(error)) return { code: error.code, message: error.message, correlationId: error.correlationId };
  return { code: 'Error', message: error instanceof Error ? error.message : String(error) };
}

async function readPolicy(group: PolicyGroup<SaveVm>): Promise<JitNetworkAccessPolicy | undefined> {
  try {
    return await getJitPolicy(group.address);
  } catch (error) {
    if (isArmError(error) && error.status === 404) return undefined;
    throw error;
  }
}

/** Lower-cased policy resource id of a group, the key of the etags the pane was opened on. */
function policyIdOf(group: PolicyGroup<SaveVm>): string {
  const { subscriptionId, resourceGroup, location, name } = group.address;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`.toLowerCase();
}

/**
 * Read → merge → write, once per policy (not per VM): 500 VMs in one resource group are one PUT.
 * Sends If-Match with the etag of the version the user was looking at when the pane opened
 * (`openedEtag`; the fresh read's etag when there is none, e.g. on "re-apply"), so a concurrent edit
 * is a 412 and never a silent overwrite. Groups are independent: one failing leaves the others saved.
 */
async function saveGroup(group: PolicyGroup<SaveVm>, ports: readonly JitNetworkAccessPortRule[], openedEtag: string | undefined): Promise<GroupOutcome> {
  let current: JitNetworkAccessPolicy | undefined;
  try {
    current = await readPolicy(group);
    const input = mergeVmPorts(current, group.vms.map((vm) => ({ id: vm.id, ports })), group.address.location);
    await createOrUpdateJitPolicy({ locator: group.address, input, etag: current === undefined ? undefined : (openedEtag ?? current.etag) });
    return { status: 'saved' };
  } catch (error) {
    if (isArmError(error) && error.status === 412) {
      const latest = await readPolicy(group).catch(() => current);
      return { status: 'conflict', error: toFailure(error), current: latest };
    }
    return { status: 'failed', error: toFailure(error) };
  }
}

export function useSavePolicies<T extends SaveVm>(mode: 'enable' | 'edit') {
  const { t } = useI18n();
  const notifications = useNotificationsStore();
  const queryClient = useQueryClient();
  const inFlight = useRef(false);
  const [pending, setPending] = useState(false);
  const [groups, setGroups] = useState<readonly GroupState<T>[]>([]);

  const run = useCallback(
    async (targets: readonly PolicyGroup<T>[], ports: readonly JitNetworkAccessPortRule[], openedEtags: ReadonlyMap<string, string>) => {
      // A second click before React re-renders the disabled button must not send a second PUT.
      if (inFlight.current) return;
      inFlight.current = true;
      setPending(true);
      const portList = ports.map((port) => port.number).join(', ');
      try {
        await Promise.all(
          targets.map(async (group) => {
            const ids = group.vms.map((vm) =>
              notifications.push({ title: t(mode === 'enable' ? 'pane.config.notifyEnable' : 'pane.config.notifyEdit', { name: vm.name }), status: 'inProgress' }),
            );
            const outcome = await saveGroup(group, ports, openedEtags.get(policyIdOf(group)));
            for (const id of ids) {
              if (outcome.status === 'saved') {
                notifications.update(id, {
                  status: 'success',
                  message: t('pane.config.notifySaved', { policy: group.address.name, resourceGroup: group.address.resourceGroup, ports: portList }),
                });
              } else {
                notifications.update(id, {
                  status: 'error',
                  message: t('pane.config.notifyFailed', { code: outcome.error.code, message: outcome.error.message, correlationId: outcome.error.correlationId ?? '—' }),
                });
              }
            }
            setGroups((old) => old.map((state) => (state.group.key === group.key ? { group, outcome } : state)));
          }),
        );
      } finally {
        // JIT wrote deny rules into NSGs (and firewalls): every list that shows them is stale.
        await invalidateAfterJitWrite(queryClient);
        inFlight.current = false;
        setPending(false);
      }
    },
    [mode, notifications, queryClient, t],
  );

  /** Saves every VM (grouped by policy) with the same port list. */
  const save = useCallback(
    (vms: readonly T[], ports: readonly JitNetworkAccessPortRule[], existingPolicyIds: readonly string[], openedEtags: ReadonlyMap<string, string> = new Map()) => {
      if (inFlight.current) return Promise.resolve();
      // Groups already saved are not written again (a retry after a partial failure).
      const saved = new Set(groups.filter((state) => state.outcome?.status === 'saved').map((state) => state.group.key));
      const all = groupVmsByPolicy(vms, existingPolicyIds);
      const todo = all.filter((group) => !saved.has(group.key));
      setGroups(all.map((group): GroupState<T> => (saved.has(group.key) ? { group, outcome: { status: 'saved' } } : { group })));
      return run(todo, ports, openedEtags);
    },
    [groups, run],
  );

  /** After a 412: read the policy again and merge the same ports into it (nothing is retyped). */
  const reapply = useCallback(
    (groupKey: string, ports: readonly JitNetworkAccessPortRule[]) => {
      const state = groups.find((g) => g.group.key === groupKey);
      if (state === undefined) return Promise.resolve();
      setGroups((old) => old.map((g) => (g.group.key === groupKey ? { group: g.group } : g)));
      return run([state.group], ports, new Map());
    },
    [groups, run],
  );

  return { save, reapply, pending, groups };
}
