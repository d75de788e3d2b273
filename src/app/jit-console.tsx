import { useCallback, useMemo, useState, type ReactNode } from 'react';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nProvider } from '../components/i18n/i18n';
import { NotificationsProvider } from '../components/notifications/notifications-context';
import { createNotificationsStore, type NotificationsStore } from '../components/notifications/notifications-store';
import type { BladeActions } from '../features/blade/blade-actions';
import { Blade } from '../features/blade/blade';
import type { VmTarget } from '../features/blade/use-fleet';
import { JitConfigPane } from '../features/enable-jit/jit-config-pane';
import { NsgRulesDrawer } from '../features/nsg-rules/nsg-rules-drawer';
import { RemoveJitDialog } from '../features/remove-jit/remove-jit-dialog';
import { RequestAccessPane } from '../features/request-access/request-access-pane';
import { createQueryClient } from './query-client';
import { SecondaryRoutes } from './secondary-routes';
import { navigate, useRoute } from './router';
import { theme } from './theme';

/** Every provider the features rely on; tests pass their own client and store. */
export function AppProviders({
  children,
  queryClient,
  notifications,
}: {
  children: ReactNode;
  queryClient: QueryClient;
  notifications: NotificationsStore;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <NotificationsProvider store={notifications}>
          <ThemeProvider theme={theme}>
            <CssBaseline />
            {children}
          </ThemeProvider>
        </NotificationsProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

type OpenPane =
  | { kind: 'enable'; vms: readonly VmTarget[] }
  | { kind: 'edit'; vm: VmTarget }
  | { kind: 'request'; vms: readonly VmTarget[] }
  | { kind: 'remove'; vm: VmTarget }
  | { kind: 'nsg'; vm: VmTarget };

/** The routes, and the wiring of the blade's actions to the panes (features never import each other). */
export function ConsoleRoutes() {
  const route = useRoute();
  const [pane, setPane] = useState<OpenPane | undefined>();

  const actions = useMemo<BladeActions>(
    () => ({
      enable: (vms) => {
        setPane({ kind: 'enable', vms });
      },
      edit: (vm) => {
        setPane({ kind: 'edit', vm });
      },
      requestAccess: (vms) => {
        setPane({ kind: 'request', vms });
      },
      activityLog: (vm) => {
        navigate({ name: 'activity', params: { vm: vm.id } });
      },
      remove: (vm) => {
        setPane({ kind: 'remove', vm });
      },
      viewNsgRules: (vm) => {
        setPane({ kind: 'nsg', vm });
      },
    }),
    [],
  );
  const close = useCallback(() => {
    setPane(undefined);
  }, []);
  const viewNsgRules = useCallback((vm: VmTarget) => {
    setPane({ kind: 'nsg', vm });
  }, []);

  const search = route.name === 'blade' ? route.search : undefined;
  // The VM page links to "/?tab=configured&edit=<vm id>"; the router keeps only the blade's own
  // filters, so the parameter is read here and dropped from the URL once the pane is open.
  const editVmId = route.name === 'blade' ? editParam() : undefined;
  const onEditVmHandled = useCallback(() => {
    if (search !== undefined) navigate({ name: 'blade', search }, { replace: true });
  }, [search]);

  switch (route.name) {
    case 'blade':
      return (
        <Blade
          search={route.search}
          onSearchChange={(next, options) => {
            navigate({ name: 'blade', search: next }, options);
          }}
          actions={actions}
          editVmId={editVmId}
          onEditVmHandled={onEditVmHandled}
        >
          {pane?.kind === 'enable' && <JitConfigPane mode="enable" vms={pane.vms} onClose={close} onViewNsgRules={viewNsgRules} />}
          {pane?.kind === 'edit' && <JitConfigPane mode="edit" vms={[pane.vm]} onClose={close} onViewNsgRules={viewNsgRules} />}
          {pane?.kind === 'request' && <RequestAccessPane vms={pane.vms} onClose={close} />}
          {pane?.kind === 'remove' && (
            <RemoveJitDialog
              vm={pane.vm}
              onClose={close}
              onViewNsgRules={() => {
                viewNsgRules(pane.vm);
              }}
            />
          )}
          {pane?.kind === 'nsg' && <NsgRulesDrawer vm={pane.vm} onClose={close} />}
        </Blade>
      );
    case 'vm':
    case 'activity':
    case 'notFound':
      return <SecondaryRoutes route={route} />;
  }
}

function editParam(): string | undefined {
  const value = new URLSearchParams(window.location.search).get('edit');
  return value === null || value === '' ? undefined : value;
}

export function JitConsole() {
  const [queryClient] = useState(createQueryClient);
  const [notifications] = useState(() => createNotificationsStore());
  return (
    <AppProviders queryClient={queryClient} notifications={notifications}>
      <ConsoleRoutes />
    </AppProviders>
  );
}
