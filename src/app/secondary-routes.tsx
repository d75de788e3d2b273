import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useI18n } from '../components/i18n/i18n';
import { ActivityLog } from '../features/activity-log/activity-log';
import { VmPage } from '../features/vm-page/vm-page';
import { navigate, type Route } from './router';

/** The VM page and the activity log (the blade lives in jit-console.tsx). */
export function SecondaryRoutes({ route }: { route: Exclude<Route, { name: 'blade' }> }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'vm':
      return <VmPage key={route.vmId} vmId={route.vmId} />;
    case 'activity':
      return (
        <ActivityLog
          params={route.params}
          onParamsChange={(params, options) => {
            navigate({ name: 'activity', params }, options);
          }}
        />
      );
    case 'notFound':
      return (
        <Container component="main" sx={{ py: 3 }}>
          <Typography variant="h4" component="h1" gutterBottom>
            {t('app.title')}
          </Typography>
          <Typography>{route.path}</Typography>
          <Link
            href={import.meta.env.BASE_URL}
            onClick={(event) => {
              event.preventDefault();
              navigate({ name: 'blade', search: { tab: 'configured' } });
            }}
          >
            {t('tab.configured')}
          </Link>
        </Container>
      );
  }
}
