import { useId, useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useI18n } from '../../components/i18n/i18n';
import type { JitProtocol } from '../../domain/jit-types';
import { hasErrors, validateDraft, type DraftField, type PortDraft } from './port-form';

const PROTOCOLS: readonly JitProtocol[] = ['TCP', 'UDP', '*'];

export interface PortDialogProps {
  /** The row being edited, or a blank draft for "Add". */
  initial: PortDraft;
  mode: 'add' | 'edit';
  /** Every row of the pane (the duplicate check looks at them). */
  rows: readonly PortDraft[];
  onOk: (draft: PortDraft) => void;
  onCancel: () => void;
}

/** "Add port configuration": port, protocol, allowed sources, max request time, each checked as typed. */
export function PortDialog({ initial, mode, rows, onOk, onCancel }: PortDialogProps) {
  const { t } = useI18n();
  const titleId = useId();
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState<ReadonlySet<DraftField>>(() => new Set(mode === 'edit' ? ['number', 'protocol', 'sources', 'maxHours'] : []));
  const errors = validateDraft(draft, rows, { portNotNumber: t('pane.config.portNotNumber'), hoursNotNumber: t('pane.config.hoursNotNumber') });
  const shown = (field: DraftField) => (touched.has(field) ? errors[field] : undefined);
  const change = (field: DraftField, patch: Partial<PortDraft>) => {
    setDraft((old) => ({ ...old, ...patch }));
    setTouched((old) => new Set([...old, field]));
  };
  const protocolLabel = (protocol: JitProtocol) => (protocol === '*' ? t('pane.config.protocol.any') : protocol);

  return (
    <Dialog open onClose={onCancel} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{mode === 'add' ? t('term.addPortConfiguration') : t('pane.config.editPortTitle')}</DialogTitle>
      <DialogContent>
        <Stack
          component="form"
          noValidate
          spacing={2.5}
          sx={{ pt: 1 }}
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
          <TextField
            label={t('pane.config.port')}
            value={draft.number}
            required
            inputMode="numeric"
            error={shown('number') !== undefined}
            helperText={shown('number') ?? '0–65535'}
            onChange={(event) => {
              change('number', { number: event.target.value });
            }}
          />
          <TextField
            select
            label={t('term.protocol')}
            value={draft.protocol}
            error={shown('protocol') !== undefined}
            helperText={shown('protocol')}
            onChange={(event) => {
              const protocol = PROTOCOLS.find((p) => p === event.target.value) ?? '*';
              change('protocol', { protocol });
            }}
          >
            {PROTOCOLS.map((protocol) => (
              <MenuItem key={protocol} value={protocol}>
                {protocolLabel(protocol)}
              </MenuItem>
            ))}
          </TextField>
          <FormControl>
            <FormLabel id={`${titleId}-sources`}>{t('term.allowedSourceIps')}</FormLabel>
            <RadioGroup
              row
              aria-labelledby={`${titleId}-sources`}
              value={draft.sourceMode}
              onChange={(event) => {
                change('sources', { sourceMode: event.target.value === 'list' ? 'list' : 'any' });
              }}
            >
              <FormControlLabel value="any" control={<Radio />} label={t('pane.config.sources.any')} />
              <FormControlLabel value="list" control={<Radio />} label={t('pane.config.sources.list')} />
            </RadioGroup>
          </FormControl>
          {draft.sourceMode === 'list' && (
            <TextField
              label={t('pane.config.sources.listLabel')}
              value={draft.prefixes}
              multiline
              minRows={2}
              error={shown('sources') !== undefined}
              helperText={shown('sources') ?? t('pane.config.sources.listHelp')}
              onChange={(event) => {
                change('sources', { prefixes: event.target.value });
              }}
            />
          )}
          <TextField
            label={t('pane.config.hoursLabel')}
            value={draft.maxHours}
            required
            inputMode="numeric"
            error={shown('maxHours') !== undefined}
            helperText={shown('maxHours') ?? t('pane.config.hoursHelp')}
            onChange={(event) => {
              change('maxHours', { maxHours: event.target.value });
            }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('pane.cancel')}</Button>
        <Button
          variant="contained"
          onClick={() => {
            setTouched(new Set(['number', 'protocol', 'sources', 'maxHours']));
            if (!hasErrors(errors)) onOk(draft);
          }}
        >
          {t('pane.ok')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
