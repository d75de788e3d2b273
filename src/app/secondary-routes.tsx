import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useI18n } from '../components/i18n/i18n';
import { navigate, type Route } from './router';

/** The VM page and the subscription-wide activity log (the blade lives in jit-console.tsx). */
export function SecondaryRoutes({ route }: { route: Exclude<Route, { name: 'blade' }> }) {
  const { t } = useI18n();
  return (
    <Container component="main" sx={{ py: 3 }}>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('app.title')}
      </Typography>
      <Typography>{route.name}</Typography>
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
