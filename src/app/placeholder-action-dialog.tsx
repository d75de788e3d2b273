import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useI18n } from '../components/i18n/i18n';

export interface PendingAction {
  /** Already translated action name ("Enable JIT on 2 VMs", "Remove"…). */
  action: string;
  vmNames: readonly string[];
}

/** Stands in for the panes a later wave builds (enable/edit, request access, remove, activity log). */
export function PlaceholderActionDialog({ pending, onClose }: { pending: PendingAction | undefined; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog open={pending !== undefined} onClose={onClose} aria-labelledby="placeholder-action-title">
      <DialogTitle id="placeholder-action-title">{t('placeholder.title', { action: pending?.action ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('placeholder.body', { names: pending?.vmNames.join(', ') ?? '' })}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>
          {t('placeholder.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
