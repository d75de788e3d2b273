import { useId, useState } from 'react';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import NotificationsIcon from '@mui/icons-material/NotificationsOutlined';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import InfoIcon from '@mui/icons-material/Info';
import { useI18n } from '../i18n/i18n';
import { useNotifications, useNotificationsStore } from './notifications-context';
import type { NotificationStatus } from './notifications-store';

function StatusIcon({ status }: { status: NotificationStatus }) {
  switch (status) {
    case 'inProgress':
      return <CircularProgress size={20} aria-label="In progress" />;
    case 'success':
      return <CheckCircleIcon color="success" titleAccess="Succeeded" />;
    case 'error':
      return <ErrorIcon color="error" titleAccess="Failed" />;
    case 'info':
      return <InfoIcon color="info" titleAccess="Information" />;
  }
}

/** The portal's bell: a badge with the unread count and a popover listing progress and outcomes. */
export function NotificationsBell() {
  const { t, formatDateTime } = useI18n();
  const store = useNotificationsStore();
  const notifications = useNotifications();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const titleId = useId();
  const unread = notifications.filter((entry) => !entry.read).length;

  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t('notifications.open', { count: unread })}
        aria-haspopup="dialog"
        onClick={(event) => {
          setAnchor(event.currentTarget);
        }}
      >
        <Badge badgeContent={unread} color="error">
          <NotificationsIcon />
        </Badge>
      </IconButton>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => {
          setAnchor(null);
          store.markAllRead();
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { role: 'dialog', 'aria-labelledby': titleId, sx: { width: 380, maxHeight: 480 } } }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', px: 2, pt: 1.5 }}>
          <Typography id={titleId} variant="h6" component="h2">
            {t('notifications.title')}
          </Typography>
          {notifications.length > 0 && (
            <Button size="small" onClick={store.clear}>
              {t('notifications.clear')}
            </Button>
          )}
        </Box>
        {notifications.length === 0 ? (
          <Typography sx={{ px: 2, py: 2 }}>{t('notifications.empty')}</Typography>
        ) : (
          <List dense aria-label={t('notifications.title')}>
            {notifications.map((entry) => (
              <ListItem key={entry.id} alignItems="flex-start">
                <ListItemIcon sx={{ minWidth: 36, mt: 0.5 }}>
                  <StatusIcon status={entry.status} />
                </ListItemIcon>
                <ListItemText
                  primary={entry.title}
                  secondary={
                    <>
                      {entry.message !== undefined && (
                        <Typography component="span" variant="body2" sx={{ display: 'block' }}>
                          {entry.message}
                        </Typography>
                      )}
                      <Typography component="span" variant="caption">
                        {formatDateTime(new Date(entry.createdAt))}
                      </Typography>
                    </>
                  }
                />
              </ListItem>
            ))}
          </List>
        )}
      </Popover>
    </>
  );
}
