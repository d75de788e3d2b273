import { useMemo, useState, type ReactNode } from 'react';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nProvider, useI18n } from '../components/i18n/i18n';
import { NotificationsProvider } from '../components/notifications/notifications-context';
import { createNotificationsStore, type NotificationsStore } from '../components/notifications/notifications-store';
import type { BladeActions } from '../features/blade/blade-actions';
import { Blade } from '../features/blade/blade';
import { PlaceholderActionDialog, type PendingAction } from './placeholder-action-dialog';
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

/** The routes, and the wiring of the blade's actions to the panes (placeholders until they exist). */
export function ConsoleRoutes() {
  const route = useRoute();
  const { t } = useI18n();
  const [pending, setPending] = useState<PendingAction | undefined>();

  const actions = useMemo<BladeActions>(() => {
    const open = (action: string, vms: readonly { name: string }[]) => {
      setPending({ action, vmNames: vms.map((vm) => vm.name) });
    };
    return {
      enable: (vms) => {
        open(vms.length === 1 ? t('command.enableOne') : t('command.enable', { count: vms.length }), vms);
      },
      edit: (vm) => {
        open(t('row.edit'), [vm]);
      },
      requestAccess: (vms) => {
        open(t('command.requestAccess'), vms);
      },
      activityLog: (vm) => {
        navigate({ name: 'activity', params: { vm: vm.id } });
      },
      remove: (vm) => {
        open(t('row.remove'), [vm]);
      },
    };
  }, [t]);

  switch (route.name) {
    case 'blade':
      return (
        <Blade
          search={route.search}
          onSearchChange={(search, options) => {
            navigate({ name: 'blade', search }, options);
          }}
          actions={actions}
        >
          <PlaceholderActionDialog
            pending={pending}
            onClose={() => {
              setPending(undefined);
            }}
          />
        </Blade>
      );
    case 'vm':
    case 'activity':
    case 'notFound':
      return <SecondaryRoutes route={route} />;
  }
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
