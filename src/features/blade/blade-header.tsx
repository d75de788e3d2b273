import { useState } from 'react';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import SettingsOutlinedIcon from '@mui/icons-material/SettingsOutlined';
import { useQuery } from '@tanstack/react-query';
import { getEmulatorStatusQueryOptions } from '../../api/get-emulator-status';
import { useResetEmulator, type EmulatorScenario } from '../../api/reset-emulator';
import { useI18n } from '../../components/i18n/i18n';
import { useNotificationsStore } from '../../components/notifications/notifications-context';
import { NotificationsBell } from '../../components/notifications/notifications-bell';

const SCENARIOS: readonly EmulatorScenario[] = ['default', 'large'];

/** The portal's top bar: product name, notifications and settings (reset demo data). */
export function BladeHeader() {
  const { t } = useI18n();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const status = useQuery(getEmulatorStatusQueryOptions());
  const reset = useResetEmulator();
  const notifications = useNotificationsStore();
  const scenarioLabel = (scenario: EmulatorScenario) => t(scenario === 'large' ? 'blade.scenario.large' : 'blade.scenario.default');

  const runReset = (scenario: EmulatorScenario) => {
    setAnchor(null);
    const id = notifications.push({ title: t('blade.resetDemoDataWith', { scenario: scenarioLabel(scenario) }), status: 'inProgress' });
    reset.mutate(scenario, {
      onSuccess: () => {
        notifications.update(id, { status: 'success', message: t('blade.resetDone', { scenario: scenarioLabel(scenario) }) });
      },
      onError: (error) => {
        notifications.update(id, { status: 'error', message: t('blade.resetFailed', { message: error.message }) });
      },
    });
  };

  return (
    <AppBar position="static" elevation={0} component="header">
      <Toolbar variant="dense">
        <Typography component="div" sx={{ fontWeight: 600, flexGrow: 1 }}>
          Microsoft Defender for Cloud
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
          <NotificationsBell />
          <IconButton
            color="inherit"
            aria-label={t('blade.settings')}
            aria-haspopup="menu"
            disabled={status.data === undefined}
            onClick={(event) => {
              setAnchor(event.currentTarget);
            }}
          >
            <SettingsOutlinedIcon />
          </IconButton>
        </Box>
        <Menu anchorEl={anchor} open={anchor !== null} onClose={() => { setAnchor(null); }}>
          <ListSubheader>{t('blade.resetDemoData')}</ListSubheader>
          {SCENARIOS.map((scenario) => (
            <MenuItem
              key={scenario}
              selected={status.data?.scenario === scenario}
              onClick={() => {
                runReset(scenario);
              }}
            >
              {t('blade.resetDemoDataWith', { scenario: scenarioLabel(scenario) })}
            </MenuItem>
          ))}
        </Menu>
      </Toolbar>
    </AppBar>
  );
}
