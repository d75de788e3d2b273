import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Container from '@mui/material/Container';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SearchIcon from '@mui/icons-material/Search';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { RowSelectionState } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { getEmulatorStatusQueryOptions } from '../../api/get-emulator-status';
import { DataTable } from '../../components/data-table/data-table';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n } from '../../components/i18n/i18n';
import type { BladeActions } from './blade-actions';
import { BladeHeader } from './blade-header';
import { BladeIdentity } from './blade-identity';
import { BLADE_TABS, filterRows, type BladeSearch, type BladeTab } from './blade-search';
import { configuredColumns, notRecommendedColumns, recommendedColumns } from './columns';
import { RowMenuContext } from './row-menu';
import { useActionPermissions, type BladeAction, type PermissionVerdict } from './use-action-permissions';
import { useFleet, type ConfiguredRow, type RecommendedRow, type VmTarget } from './use-fleet';

export interface BladeProps {
  search: BladeSearch;
  /** `replace` for keystrokes in the search box, so Back does not replay typing. */
  onSearchChange: (next: BladeSearch, options?: { replace?: boolean }) => void;
  actions: BladeActions;
  /** Panes and dialogs src/app renders over the blade (enable, request access…). */
  children?: ReactNode;
  /** `?edit=<vm id>` (the VM page links here): open that VM's Edit pane (Enable when not configured yet) once the fleet is known. */
  editVmId?: string | undefined;
  /** Called once the edit request was handled, so the parameter can leave the URL. */
  onEditVmHandled?: () => void;
}

const TAB_KEYS = { configured: 'tab.configured', recommended: 'tab.recommended', notRecommended: 'tab.notRecommended' } as const;
const TAB_DESCRIPTIONS = {
  configured: 'tab.configured.description',
  recommended: 'tab.recommended.description',
  notRecommended: 'tab.notRecommended.description',
} as const;

const getRowId = (row: VmTarget) => row.id.toLowerCase();
const getRowName = (row: VmTarget) => row.name;
const canSelectRecommended = (row: RecommendedRow) => !row.freeTier;

function selectedRows<T extends VmTarget>(rows: readonly T[], selection: RowSelectionState): T[] {
  return rows.filter((row) => selection[getRowId(row)] === true);
}

/** The Just-in-time VM access blade: filters, the three tabs with counts, selection and commands. */
export function Blade({ search, onSearchChange, actions, children, editVmId, onEditVmHandled }: BladeProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const fleet = useFleet();
  const status = useQuery(getEmulatorStatusQueryOptions());
  const [selection, setSelection] = useState<Record<BladeTab, RowSelectionState>>({ configured: {}, recommended: {}, notRecommended: {} });
  const [query, setQuery] = useState(search.q ?? '');
  // Back/forward changes the URL under the box: follow it (adjusting state during render, not in an effect).
  const [urlQuery, setUrlQuery] = useState(search.q);
  if (urlQuery !== search.q) {
    setUrlQuery(search.q);
    if ((search.q ?? '') !== query) setQuery(search.q ?? '');
  }
  const deferredQuery = useDeferredValue(query);
  // The URL follows the box once typing pauses: a navigation per keystroke would re-render the
  // whole console synchronously (replace, so Back does not replay typing).
  useEffect(() => {
    if ((search.q ?? '') === query) return;
    const timer = setTimeout(() => {
      onSearchChange({ ...search, q: query === '' ? undefined : query }, { replace: true });
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [query, search, onSearchChange]);

  useEffect(() => {
    if (editVmId === undefined || fleet.status !== 'success') return;
    const key = editVmId.toLowerCase();
    const configuredRow = fleet.rows.configured.find((row) => getRowId(row) === key);
    const recommendedRow = configuredRow === undefined ? fleet.rows.recommended.find((row) => getRowId(row) === key && !row.freeTier) : undefined;
    if (configuredRow !== undefined) actions.edit(configuredRow);
    else if (recommendedRow !== undefined) actions.enable([recommendedRow]);
    onEditVmHandled?.();
  }, [editVmId, fleet.status, fleet.rows, actions, onEditVmHandled]);

  const filters = useMemo(() => ({ sub: search.sub, rg: search.rg, q: deferredQuery }), [search.sub, search.rg, deferredQuery]);
  const filterKey = `${filters.sub ?? ''}|${filters.rg ?? ''}|${filters.q}`;
  const configured = useMemo(() => filterRows(fleet.rows.configured, filters), [fleet.rows.configured, filters]);
  const recommended = useMemo(() => filterRows(fleet.rows.recommended, filters), [fleet.rows.recommended, filters]);
  const notRecommended = useMemo(() => filterRows(fleet.rows.notRecommended, filters), [fleet.rows.notRecommended, filters]);

  const selectedConfigured = useMemo(() => selectedRows(configured, selection.configured), [configured, selection.configured]);
  const selectedRecommended = useMemo(() => selectedRows(recommended, selection.recommended), [recommended, selection.recommended]);
  const actionable = useMemo(() => [...configured, ...recommended], [configured, recommended]);
  const focus = useMemo(() => [...selectedConfigured, ...selectedRecommended], [selectedConfigured, selectedRecommended]);
  const verdict = useActionPermissions(actionable, focus);

  const reasonFor = (action: BladeAction, rows: readonly VmTarget[], none: string): string | undefined => {
    if (rows.length === 0) return none;
    for (const row of rows) {
      const v: PermissionVerdict = verdict(action, row);
      if (!v.allowed) return v.checking ? t('permission.checking') : t('permission.missing', { action: v.action, scope: v.scope });
    }
    return undefined;
  };

  const resourceGroups = useMemo(() => {
    const all = [...fleet.rows.configured, ...fleet.rows.recommended, ...fleet.rows.notRecommended];
    const sub = search.sub?.toLowerCase();
    const names = new Map<string, string>();
    for (const row of all) {
      if (sub === undefined || row.subscriptionId.toLowerCase() === sub) names.set(row.resourceGroup.toLowerCase(), row.resourceGroup);
    }
    return [...names.values()].sort((a, b) => a.localeCompare(b));
  }, [fleet.rows, search.sub]);

  const freeTierNames = fleet.subscriptions
    .filter((s) => fleet.freeTierSubscriptionIds.has(s.subscriptionId.toLowerCase()))
    .filter((s) => search.sub === undefined || s.subscriptionId.toLowerCase() === search.sub.toLowerCase())
    .map((s) => s.displayName);

  const configuredCols = useMemo(() => configuredColumns(i18n), [i18n]);
  const rowMenuContext = useMemo(() => ({ verdict, actions }), [verdict, actions]);
  const recommendedCols = useMemo(() => recommendedColumns(i18n), [i18n]);
  const notRecommendedCols = useMemo(() => notRecommendedColumns(i18n), [i18n]);

  const counts: Record<BladeTab, number> = {
    configured: configured.length,
    recommended: recommended.length,
    notRecommended: notRecommended.length,
  };
  // One stable handler per tab: the table's memoized rows re-render only when their own row changes.
  const tabSelectionSetters = useMemo(() => {
    const setter = (tab: BladeTab) => (updater: RowSelectionState | ((old: RowSelectionState) => RowSelectionState)) => {
      setSelection((old) => ({ ...old, [tab]: typeof updater === 'function' ? updater(old[tab]) : updater }));
    };
    return { configured: setter('configured'), recommended: setter('recommended'), notRecommended: setter('notRecommended') };
  }, []);

  const enableReason = reasonFor('enable', selectedRecommended, t('command.selectToEnable'));
  const requestReason = reasonFor('requestAccess', selectedConfigured, t('command.selectToRequest'));

  return (
    <>
      <BladeHeader />
      <Container component="main" maxWidth="xl" sx={{ py: 3 }}>
        <Typography variant="h4" component="h1" gutterBottom>
          {t('app.title')}
        </Typography>
        <Typography sx={{ mb: 2, maxWidth: 900 }}>{t('blade.explanation')}</Typography>
        <BladeIdentity />
        {status.data?.notice !== undefined && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            <AlertTitle>{t('blade.emulatorNotice')}</AlertTitle>
            {status.data.notice}
          </Alert>
        )}

        <Stack direction="row" spacing={2} sx={{ mt: 3, flexWrap: 'wrap', rowGap: 2 }}>
          <TextField
            select
            size="small"
            label={t('filter.subscription')}
            value={search.sub ?? ''}
            sx={{ minWidth: 240 }}
            onChange={(event) => {
              const sub = event.target.value === '' ? undefined : event.target.value;
              onSearchChange({ ...search, sub, rg: undefined });
            }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">{t('filter.all')}</MenuItem>
            {fleet.subscriptions.map((s) => (
              <MenuItem key={s.subscriptionId} value={s.subscriptionId}>
                {s.displayName}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={t('filter.resourceGroup')}
            value={resourceGroups.some((rg) => rg === search.rg) ? search.rg : ''}
            sx={{ minWidth: 220 }}
            onChange={(event) => {
              onSearchChange({ ...search, rg: event.target.value === '' ? undefined : event.target.value });
            }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">{t('filter.all')}</MenuItem>
            {resourceGroups.map((rg) => (
              <MenuItem key={rg} value={rg}>
                {rg}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            type="search"
            size="small"
            label={t('filter.search')}
            placeholder={t('filter.searchPlaceholder')}
            value={query}
            sx={{ minWidth: 280 }}
            onChange={(event) => {
              setQuery(event.target.value);
            }}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchIcon fontSize="small" />
                  </InputAdornment>
                ),
              },
            }}
          />
        </Stack>

        {freeTierNames.length > 0 && (
          <Alert severity="info" sx={{ mt: 2 }}>
            <AlertTitle>{t('freeTier.title')}</AlertTitle>
            {t('freeTier.body', { subscriptions: freeTierNames.join(', ') })}
          </Alert>
        )}

        {fleet.status === 'error' && (
          <Alert
            severity="error"
            sx={{ mt: 2 }}
            action={
              <Button color="inherit" size="small" onClick={fleet.refetch}>
                {t('blade.retry')}
              </Button>
            }
          >
            {t('blade.loadFailed', { message: fleet.error?.message ?? '' })}
          </Alert>
        )}

        <Paper variant="outlined" sx={{ mt: 3 }}>
          <Tabs
            value={search.tab}
            onChange={(_event, tab: BladeTab) => {
              onSearchChange({ ...search, tab });
            }}
            aria-label={t('blade.tabs')}
            sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}
          >
            {BLADE_TABS.map((tab) => (
              <Tab
                key={tab}
                value={tab}
                id={`${tab}-tab`}
                aria-controls={`${tab}-panel`}
                label={fleet.status === 'success' ? `${t(TAB_KEYS[tab])} (${i18n.formatNumber(counts[tab])})` : t(TAB_KEYS[tab])}
              />
            ))}
          </Tabs>
          {BLADE_TABS.map((tab) => (
            <div key={tab} role="tabpanel" id={`${tab}-panel`} aria-labelledby={`${tab}-tab`} hidden={search.tab !== tab}>
              {search.tab === tab && (
                <Box sx={{ p: 2 }}>
                  <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                    {t(TAB_DESCRIPTIONS[tab])}
                  </Typography>
                  <Stack direction="row" spacing={1} sx={{ mb: 1.5, alignItems: 'center' }}>
                    {tab === 'recommended' && (
                      <DisabledReason reason={enableReason}>
                        {(describedBy) => (
                        <Button
                          variant="contained"
                          aria-describedby={describedBy}
                          disabled={enableReason !== undefined}
                          onClick={() => {
                            actions.enable(selectedRecommended);
                          }}
                        >
                          {selectedRecommended.length === 1
                            ? t('command.enableOne')
                            : t('command.enable', { count: selectedRecommended.length })}
                        </Button>
                        )}
                      </DisabledReason>
                    )}
                    {tab === 'configured' && (
                      <DisabledReason reason={requestReason}>
                        {(describedBy) => (
                        <Button
                          variant="contained"
                          aria-describedby={describedBy}
                          disabled={requestReason !== undefined}
                          onClick={() => {
                            actions.requestAccess(selectedConfigured);
                          }}
                        >
                          {t('command.requestAccess')}
                        </Button>
                        )}
                      </DisabledReason>
                    )}
                    <Button startIcon={<RefreshIcon />} onClick={fleet.refetch}>
                      {t('command.refresh')}
                    </Button>
                  </Stack>
                  {fleet.status === 'pending' ? (
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', py: 4 }} role="status">
                      <CircularProgress size={20} />
                      <Typography>{t('blade.loading')}</Typography>
                    </Stack>
                  ) : (
                    <>
                      {tab === 'configured' && (
                        <RowMenuContext.Provider value={rowMenuContext}>
                        <DataTable<ConfiguredRow>
                          label={t('tab.configured')}
                          data={configured}
                          columns={configuredCols}
                          getRowId={getRowId}
                          getRowName={getRowName}
                          rowSelection={selection.configured}
                          onRowSelectionChange={tabSelectionSetters.configured}
                          emptyText={t('table.empty')}
                          scrollResetKey={filterKey}
                          estimateRowHeight={61}
                        />
                        </RowMenuContext.Provider>
                      )}
                      {tab === 'recommended' && (
                        <DataTable<RecommendedRow>
                          label={t('tab.recommended')}
                          data={recommended}
                          columns={recommendedCols}
                          getRowId={getRowId}
                          getRowName={getRowName}
                          rowSelection={selection.recommended}
                          onRowSelectionChange={tabSelectionSetters.recommended}
                          canSelectRow={canSelectRecommended}
                          emptyText={t('table.empty')}
                          scrollResetKey={filterKey}
                        />
                      )}
                      {tab === 'notRecommended' && (
                        <DataTable
                          label={t('tab.notRecommended')}
                          data={notRecommended}
                          columns={notRecommendedCols}
                          getRowId={getRowId}
                          getRowName={getRowName}
                          emptyText={t('table.empty')}
                          scrollResetKey={filterKey}
                          estimateRowHeight={61}
                        />
                      )}
                      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }} aria-live="polite">
                        {t('table.rowCount', { count: i18n.formatNumber(counts[tab]) })}
                      </Typography>
                    </>
                  )}
                </Box>
              )}
            </div>
          ))}
        </Paper>
        {children}
      </Container>
    </>
  );
}
