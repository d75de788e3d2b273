import { createContext, useContext, useState } from 'react';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import MoreHorizIcon from '@mui/icons-material/MoreHoriz';
import { useI18n } from '../../components/i18n/i18n';
import type { BladeActions } from './blade-actions';
import type { BladeAction, PermissionVerdict } from './use-action-permissions';
import type { ConfiguredRow } from './use-fleet';

export type VerdictFn = (action: BladeAction, vm: ConfiguredRow) => PermissionVerdict;

// The permission verdicts change as answers arrive; passing them through context keeps the column
// definitions stable (TanStack renders cell functions as components, so new functions remount rows).
export const RowMenuContext = createContext<{ verdict: VerdictFn; actions: BladeActions } | undefined>(undefined);

/** "…" on a Configured row: Edit, Request access, Activity log, View NSG rules, Remove. */
export function RowMenu({ vm }: { vm: ConfiguredRow }) {
  const { t } = useI18n();
  const context = useContext(RowMenuContext);
  if (context === undefined) throw new Error('RowMenu needs a RowMenuContext provider.');
  const { verdict, actions } = context;
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // The menu (Popover, Modal and five items) is mounted on first open, not with every row: a
  // screenful of Configured rows mounted one each on every tab switch and keystroke.
  const [opened, setOpened] = useState(false);
  const close = () => {
    setAnchor(null);
  };
  const reason = (action: BladeAction): string | undefined => {
    const v = verdict(action, vm);
    if (v.allowed) return undefined;
    return v.checking ? t('permission.checking') : t('permission.missing', { action: v.action, scope: v.scope });
  };
  // Disabled menu items cannot show tooltips, so the missing permission is written under the item.
  const item = (label: string, action: BladeAction | undefined, run: () => void) => {
    const why = action === undefined ? undefined : reason(action);
    return (
      <MenuItem
        key={label}
        disabled={why !== undefined}
        onClick={() => {
          close();
          run();
        }}
      >
        <ListItemText primary={label} secondary={why} slotProps={{ secondary: { sx: { maxWidth: 360, whiteSpace: 'normal', overflowWrap: 'anywhere' } } }} />
      </MenuItem>
    );
  };
  return (
    <>
      <IconButton
        size="small"
        aria-label={t('row.menu', { name: vm.name })}
        aria-haspopup="menu"
        onClick={(event) => {
          setOpened(true);
          setAnchor(event.currentTarget);
        }}
      >
        <MoreHorizIcon fontSize="small" />
      </IconButton>
      {opened && (
        <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
          {[
            item(t('row.edit'), 'edit', () => {
              actions.edit(vm);
            }),
            item(t('row.requestAccess'), 'requestAccess', () => {
              actions.requestAccess([vm]);
            }),
            item(t('row.activityLog'), undefined, () => {
              actions.activityLog(vm);
            }),
            item(t('pane.viewNsgRules'), undefined, () => {
              actions.viewNsgRules(vm);
            }),
            item(t('row.remove'), 'remove', () => {
              actions.remove(vm);
            }),
          ]}
        </Menu>
      )}
    </>
  );
}
