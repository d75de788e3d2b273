import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import CssBaseline from '@mui/material/CssBaseline';
// MUI's own ThemeProvider (@mui/material/styles) also bundles the CSS-variables provider and its
// colour-scheme script, about 3 KB gzip of the initial script (issue 7) for a theme without CSS
// variables; for such a theme it renders exactly this system provider (ThemeProviderNoVars).
import { ThemeProvider } from '@mui/system';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nProvider, loadMessages } from '../components/i18n/i18n';
import { NotificationsProvider } from '../components/notifications/notifications-context';
import { createNotificationsStore, type NotificationsStore } from '../components/notifications/notifications-store';
import type { BladeActions } from '../features/blade/blade-actions';
import { Blade } from '../features/blade/blade';
import type { BladeSearch } from '../features/blade/blade-search';
import type { VmTarget } from '../features/blade/use-fleet';
import { createQueryClient } from './query-client';
import { currentLocation, navigate, useRoute } from './router';
import { theme } from './theme';
import { useArmConnectivity } from '../api/arm-connectivity';
import { OfflineBanner } from '../components/offline-banner';

// The panes, the dialogs and the secondary routes load on demand: the blade's initial script stays
// within its budget (issue 7), and each pane's validation (ipaddr.js…) and the activity log's CSV
// code arrive only when used. Each arrives together with its part of the catalogue (loadMessages),
// so its first render already has its strings in the language shown.
const withPanesMessages = <T,>(load: Promise<T>): Promise<T> => Promise.all([load, loadMessages('panes')]).then(([module]) => module);
const JitConfigPane = lazy(() =>
  withPanesMessages(import('../features/enable-jit/jit-config-pane')).then((m) => ({ default: m.JitConfigPane<VmTarget> })),
);
const NsgRulesDrawer = lazy(() => withPanesMessages(import('../features/nsg-rules/nsg-rules-drawer')).then((m) => ({ default: m.NsgRulesDrawer })));
const RemoveJitDialog = lazy(() => withPanesMessages(import('../features/remove-jit/remove-jit-dialog')).then((m) => ({ default: m.RemoveJitDialog })));
const RequestAccessPane = lazy(() =>
  withPanesMessages(import('../features/request-access/request-access-pane')).then((m) => ({ default: m.RequestAccessPane })),
);
// The VM page and the activity log share the 'activity' part.
const SecondaryRoutes = lazy(() =>
  Promise.all([import('./secondary-routes'), loadMessages('activity')]).then(([m]) => ({ default: m.SecondaryRoutes })),
);

/** Shown while a lazily loaded pane or route arrives (usually a few milliseconds). */
function Loading() {
  return (
    <Box sx={{ display: 'flex', p: 3 }}>
      <CircularProgress size={20} />
    </Box>
  );
}

/** A clear banner, not endless spinners, while ARM (the emulator's worker) cannot be reached. */
function ArmOfflineBanner() {
  return <OfflineBanner {...useArmConnectivity()} />;
}

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
            <ArmOfflineBanner />
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

  const onSearchChange = useCallback((next: BladeSearch, options?: { replace?: boolean }) => {
    navigate({ name: 'blade', search: next }, options);
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
          onSearchChange={onSearchChange}
          actions={actions}
          editVmId={editVmId}
          onEditVmHandled={onEditVmHandled}
        >
          <Suspense fallback={<Loading />}>
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
          </Suspense>
        </Blade>
      );
    case 'vm':
    case 'activity':
    case 'notFound':
      return (
        <Suspense fallback={<Loading />}>
          <SecondaryRoutes route={route} />
        </Suspense>
      );
  }
}

function editParam(): string | undefined {
  const value = new URL(currentLocation(), 'http://console.invalid').searchParams.get('edit');
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
