import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SearchIcon from '@mui/icons-material/Search';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { RowSelectionState } from '@tanstack/react-table';
import { useQuery } from '@tanstack/react-query';
import { getEmulatorStatusQueryOptions } from '../../api/get-emulator-status';
import { ClockPaused } from '../../components/countdown';
import { DataTable } from '../../components/data-table/data-table';
import { DisabledReason } from '../../components/disabled-reason';
import { useI18n } from '../../components/i18n/i18n';
import type { BladeActions } from './blade-actions';
import { BladeHeader } from './blade-header';
import { BladeIdentity } from './blade-identity';
import { BLADE_TABS, filterRows, warmSearchKeys, type BladeSearch, type BladeTab } from './blade-search';
import { BladeTabs } from './blade-tabs';
import { configuredColumns, notRecommendedColumns, recommendedColumns } from './columns';
import { RowMenuContext } from './row-menu';
import { useActionPermissions, type BladeAction, type PermissionVerdict } from './use-action-permissions';
import { continuesResourceGroup } from './resource-group-runs';
import { useFleet, type ConfiguredRow, type Fleet, type RecommendedRow, type VmTarget } from './use-fleet';

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

// Row ids lower-cased once per row (selection checks read them for every filtered row).
const rowIds = new WeakMap<VmTarget, string>();
const getRowId = (row: VmTarget) => {
  let id = rowIds.get(row);
  if (id === undefined) {
    id = row.id.toLowerCase();
    rowIds.set(row, id);
  }
  return id;
};
const getRowName = (row: VmTarget) => row.name;
const canSelectRecommended = (row: RecommendedRow) => !row.freeTier;

const NONE: never[] = [];

function selectedRows<T extends VmTarget>(rows: readonly T[], selection: RowSelectionState): T[] {
  // Nothing selected (the usual case while typing): no pass over every filtered row.
  for (const key in selection) {
    if (selection[key] === true) return rows.filter((row) => selection[getRowId(row)] === true);
  }
  return NONE;
}

/**
 * The selection of each tab without the rows that have left it (JIT enabled or removed, the VM
 * deleted); the same object when nothing left, so an unchanged selection re-renders nothing.
 */
function pruneSelection(selection: Record<BladeTab, RowSelectionState>, rows: Fleet['rows']): Record<BladeTab, RowSelectionState> {
  let next = selection;
  for (const tab of ['configured', 'recommended', 'notRecommended'] as const) {
    const selected = Object.keys(selection[tab]);
    if (selected.length === 0) continue;
    const present = new Set(rows[tab].map(getRowId));
    const kept = selected.filter((id) => present.has(id));
    if (kept.length === selected.length) continue;
    next = { ...next, [tab]: Object.fromEntries(kept.map((id) => [id, true])) };
  }
  return next;
}

// Sections of the blade that do not depend on the search box or the tab: memoized, so a keystroke,
// a tab switch or the URL catching up with the box re-renders only what changed (issue 7: ≤ 50 ms
// of main-thread work per interaction on 10,000 VMs).
const MemoBladeHeader = memo(BladeHeader);
const MemoBladeIdentity = memo(BladeIdentity);

const Intro = memo(function Intro({ notice }: { notice: string | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('app.title')}
      </Typography>
      <Typography sx={{ mb: 2, maxWidth: 900 }}>{t('blade.explanation')}</Typography>
      <MemoBladeIdentity />
      {notice !== undefined && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          <AlertTitle>{t('blade.emulatorNotice')}</AlertTitle>
          {notice}
        </Alert>
      )}
    </>
  );
});

interface FiltersProps {
  sub: string | undefined;
  rg: string | undefined;
  subscriptions: Fleet['subscriptions'];
  resourceGroups: readonly string[];
  onFilterChange: (filter: { sub: string | undefined; rg: string | undefined }) => void;
  /** The box's text when it mounts; it is uncontrolled afterwards (see `searchBoxKey` in Blade). */
  searchInitial: string;
  onQueryChange: (query: string) => void;
}

// `searchInitial` is read once: a keystroke changes it but must not re-render the filters.
const filtersPropsEqual = (prev: FiltersProps, next: FiltersProps) =>
  prev.sub === next.sub &&
  prev.rg === next.rg &&
  prev.subscriptions === next.subscriptions &&
  prev.resourceGroups === next.resourceGroups &&
  prev.onFilterChange === next.onFilterChange &&
  prev.onQueryChange === next.onQueryChange;

const Filters = memo(function Filters({ sub, rg, subscriptions, resourceGroups, onFilterChange, searchInitial, onQueryChange }: FiltersProps) {
  const { t } = useI18n();
  return (
    <Stack direction="row" spacing={2} sx={{ mt: 3, flexWrap: 'wrap', rowGap: 2 }}>
      <Selects sub={sub} rg={rg} subscriptions={subscriptions} resourceGroups={resourceGroups} onFilterChange={onFilterChange} />
      {/* Uncontrolled: typing re-renders the tables, not the text field (an MUI TextField is a
          dozen styled parts). Blade remounts it (a new key) when the URL changes the text. */}
      <TextField
        type="search"
        size="small"
        label={t('filter.search')}
        placeholder={t('filter.searchPlaceholder')}
        defaultValue={searchInitial}
        sx={{ minWidth: 280 }}
        onChange={(event) => {
          onQueryChange(event.target.value);
        }}
        slotProps={{ input: { startAdornment: SEARCH_ADORNMENT } }}
      />
    </Stack>
  );
}, filtersPropsEqual);

const SEARCH_ADORNMENT = (
  <InputAdornment position="start">
    <SearchIcon fontSize="small" />
  </InputAdornment>
);

// The subscription and resource-group selects, apart from the search box: a keystroke does not
// re-render them (each re-render of a select rewrites its hidden input's attributes).
const Selects = memo(function Selects({ sub, rg, subscriptions, resourceGroups, onFilterChange }: Omit<FiltersProps, 'searchInitial' | 'onQueryChange'>) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        select
        size="small"
        label={t('filter.subscription')}
        value={sub ?? ''}
        sx={{ minWidth: 240 }}
        onChange={(event) => {
          onFilterChange({ sub: event.target.value === '' ? undefined : event.target.value, rg: undefined });
        }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">{t('filter.all')}</MenuItem>
        {subscriptions.map((s) => (
          <MenuItem key={s.subscriptionId} value={s.subscriptionId}>
            {s.displayName}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label={t('filter.resourceGroup')}
        value={resourceGroups.some((name) => name === rg) ? rg : ''}
        sx={{ minWidth: 220 }}
        onChange={(event) => {
          onFilterChange({ sub, rg: event.target.value === '' ? undefined : event.target.value });
        }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">{t('filter.all')}</MenuItem>
        {resourceGroups.map((name) => (
          <MenuItem key={name} value={name}>
            {name}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
});

const Notices = memo(function Notices({ freeTierNames, errorMessage, onRetry }: { freeTierNames: string; errorMessage: string | undefined; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <>
      {freeTierNames !== '' && (
        <Alert severity="info" sx={{ mt: 2 }}>
          <AlertTitle>{t('freeTier.title')}</AlertTitle>
          {t('freeTier.body', { subscriptions: freeTierNames })}
        </Alert>
      )}
      {errorMessage !== undefined && (
        <Alert
          severity="error"
          sx={{ mt: 2 }}
          action={
            <Button color="inherit" size="small" onClick={onRetry}>
              {t('blade.retry')}
            </Button>
          }
        >
          {t('blade.loadFailed', { message: errorMessage })}
        </Alert>
      )}
    </>
  );
});

interface CommandProps {
  reason: string | undefined;
  label: string;
  onClick: () => void;
}

const Command = memo(function Command({ reason, label, onClick }: CommandProps) {
  return (
    <DisabledReason reason={reason}>
      {(describedBy) => (
        <Button variant="contained" aria-describedby={describedBy} disabled={reason !== undefined} onClick={onClick}>
          {label}
        </Button>
      )}
    </DisabledReason>
  );
});

const Toolbar = memo(function Toolbar({ command, onRefresh }: { command: CommandProps | undefined; onRefresh: () => void }) {
  const { t } = useI18n();
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1.5, alignItems: 'center' }}>
      {command !== undefined && <Command reason={command.reason} label={command.label} onClick={command.onClick} />}
      <Button startIcon={<RefreshIcon />} onClick={onRefresh}>
        {t('command.refresh')}
      </Button>
    </Stack>
  );
});

// Determinate and still between lists, not a spinner: an endless animation repaints every frame,
// and on a 2-core machine loading 10,000 VMs those frames took CPU from the emulator and the parse
// (a large reload was 0.1–0.2 s slower with MUI's indeterminate CircularProgress; bench/ab.mjs).
const Loading = memo(function Loading({ loaded, total }: { loaded: number; total: number }) {
  const { t, formatNumber } = useI18n();
  const label = total === 0 ? undefined : t('blade.loadingProgress', { loaded: formatNumber(loaded), total: formatNumber(total) });
  return (
    <Stack spacing={1} sx={{ py: 4, maxWidth: 360 }} role="status">
      <Typography>{t('blade.loading')}</Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 0 : (100 * loaded) / total}
        aria-label={t('blade.loading')}
        {...(label === undefined ? {} : { 'aria-valuetext': label })}
        sx={{ '& .MuiLinearProgress-bar': { transition: 'none' } }}
      />
      {/* The progress bar carries the same words (aria-valuetext); the status region announces only the heading. */}
      <Typography variant="caption" color="text.secondary" aria-hidden="true">
        {label ?? '\u00a0'}
      </Typography>
    </Stack>
  );
});

interface PanelProps {
  tab: BladeTab;
  /** The selected tab's panel; the others keep what they last rendered (see `panelPropsEqual`). */
  active: boolean;
  pending: boolean;
  /** Lists answered so far, and of how many (0: not known yet), while pending. */
  loaded: number;
  total: number;
  command: CommandProps | undefined;
  onRefresh: () => void;
  rowCount: string;
  table: ReactNode;
}

// A hidden panel does not re-render: it keeps the rows it showed, so switching back to it costs
// only what changed since (nothing, usually) instead of mounting its table again. It catches up
// with the filters and the data when it becomes the selected tab again.
const panelPropsEqual = (prev: PanelProps, next: PanelProps) =>
  !next.active ||
  (prev.active && prev.pending === next.pending && prev.loaded === next.loaded && prev.total === next.total && prev.command === next.command && prev.onRefresh === next.onRefresh && prev.rowCount === next.rowCount && prev.table === next.table);

const PanelBody = memo(function PanelBody({ tab, pending, loaded, total, command, onRefresh, rowCount, table }: PanelProps) {
  const { t } = useI18n();
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {t(TAB_DESCRIPTIONS[tab])}
      </Typography>
      <Toolbar command={command} onRefresh={onRefresh} />
      {pending ? (
        <Loading loaded={loaded} total={total} />
      ) : (
        <>
          {table}
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }} aria-live="polite">
            {rowCount}
          </Typography>
        </>
      )}
    </Box>
  );
}, panelPropsEqual);

// After the fleet has loaded, the tabs not shown yet mount their panels when the browser is idle,
// so even the first switch to a tab only toggles visibility.
function whenIdle(callback: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(callback, { timeout: 500 });
    return () => {
      window.cancelIdleCallback(handle);
    };
  }
  const timer = setTimeout(callback, 50);
  return () => {
    clearTimeout(timer);
  };
}

/**
 * A panel not shown: out of the accessibility tree and of keyboard reach (aria-hidden, inert), and
 * not rendered, but with content-visibility rather than display: none, so the browser keeps its
 * style and layout and showing it again is a paint, not a relayout of a table.
 */
const HIDDEN_PANEL = { 'aria-hidden': true, inert: true, style: { contentVisibility: 'hidden', height: 0, overflow: 'hidden' } } as const;

/** The Just-in-time VM access blade: filters, the three tabs with counts, selection and commands. */
export function Blade({ search, onSearchChange, actions, children, editVmId, onEditVmHandled }: BladeProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const fleet = useFleet();
  const status = useQuery(getEmulatorStatusQueryOptions());
  const [selection, setSelection] = useState<Record<BladeTab, RowSelectionState>>({ configured: {}, recommended: {}, notRecommended: {} });
  // A VM that leaves a tab leaves its selection (adjusted during render, when the rows change): the
  // command's count and the "select all" box speak for the rows there, and a VM that comes back
  // later is not still selected.
  const [selectionRows, setSelectionRows] = useState(fleet.rows);
  if (selectionRows !== fleet.rows) {
    setSelectionRows(fleet.rows);
    const pruned = pruneSelection(selection, fleet.rows);
    if (pruned !== selection) setSelection(pruned);
  }
  const [query, setQuery] = useState(search.q ?? '');
  // Back/forward changes the URL under the box: follow it (adjusting state during render, not in an effect).
  const [urlQuery, setUrlQuery] = useState(search.q);
  // The search box is uncontrolled; a new key remounts it with the URL's text.
  const [searchBoxKey, setSearchBoxKey] = useState(0);
  if (urlQuery !== search.q) {
    setUrlQuery(search.q);
    if ((search.q ?? '') !== query) {
      setQuery(search.q ?? '');
      setSearchBoxKey((key) => key + 1);
    }
  }
  // The latest search and callbacks, for handlers that must stay stable so memoized sections skip renders.
  const latest = useRef({ search, onSearchChange, refetch: fleet.refetch });
  useLayoutEffect(() => {
    latest.current = { search, onSearchChange, refetch: fleet.refetch };
  });
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

  // Panels mounted so far: the selected one, and all of them once the fleet is idle (see whenIdle).
  const [allPanelsMounted, setAllPanelsMounted] = useState(false);
  const loaded = fleet.status === 'success';
  useEffect(() => {
    if (!loaded || allPanelsMounted) return;
    return whenIdle(() => {
      setAllPanelsMounted(true);
    });
  }, [loaded, allPanelsMounted]);
  useEffect(() => {
    if (!loaded) return;
    // Lower-case the search keys of every row now, not on the first keystroke.
    return whenIdle(() => {
      warmSearchKeys(fleet.rows.configured);
      warmSearchKeys(fleet.rows.recommended);
      warmSearchKeys(fleet.rows.notRecommended);
    });
  }, [loaded, fleet.rows]);

  // The box filters at once (no deferred second render: the work per keystroke is what counts).
  const filters = useMemo(() => ({ sub: search.sub, rg: search.rg, q: query }), [search.sub, search.rg, query]);
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
    // Each run of rows in one resource group is lower-cased once.
    let previous: VmTarget | undefined;
    for (const row of all) {
      if (continuesResourceGroup(previous, row)) continue;
      previous = row;
      if (sub === undefined || row.subscriptionId.toLowerCase() === sub) names.set(row.resourceGroup.toLowerCase(), row.resourceGroup);
    }
    return [...names.values()].sort((a, b) => a.localeCompare(b));
  }, [fleet.rows, search.sub]);

  const freeTierNames = fleet.subscriptions
    .filter((s) => fleet.freeTierSubscriptionIds.has(s.subscriptionId.toLowerCase()))
    .filter((s) => search.sub === undefined || s.subscriptionId.toLowerCase() === search.sub.toLowerCase())
    .map((s) => s.displayName)
    .join(', ');

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

  const onFilterChange = useCallback((filter: { sub: string | undefined; rg: string | undefined }) => {
    latest.current.onSearchChange({ ...latest.current.search, ...filter });
  }, []);
  const onSelectTab = useCallback((tab: BladeTab) => {
    latest.current.onSearchChange({ ...latest.current.search, tab });
  }, []);
  const refetch = useCallback(() => {
    latest.current.refetch();
  }, []);
  const enableSelected = useCallback(() => {
    actions.enable(selectedRecommended);
  }, [actions, selectedRecommended]);
  const requestSelected = useCallback(() => {
    actions.requestAccess(selectedConfigured);
  }, [actions, selectedConfigured]);

  const enableReason = reasonFor('enable', selectedRecommended, t('command.selectToEnable'));
  const requestReason = reasonFor('requestAccess', selectedConfigured, t('command.selectToRequest'));
  const enableLabel = selectedRecommended.length === 1 ? t('command.enableOne') : t('command.enable', { count: selectedRecommended.length });
  const requestLabel = t('command.requestAccess');
  const enableCommand = useMemo<CommandProps>(() => ({ reason: enableReason, label: enableLabel, onClick: enableSelected }), [enableReason, enableLabel, enableSelected]);
  const requestCommand = useMemo<CommandProps>(() => ({ reason: requestReason, label: requestLabel, onClick: requestSelected }), [requestReason, requestLabel, requestSelected]);
  const commands: Record<BladeTab, CommandProps | undefined> = { configured: requestCommand, recommended: enableCommand, notRecommended: undefined };

  const configuredTable = useMemo(
    () => (
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
    ),
    [t, configured, configuredCols, selection.configured, tabSelectionSetters, filterKey, rowMenuContext],
  );
  const recommendedTable = useMemo(
    () => (
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
    ),
    [t, recommended, recommendedCols, selection.recommended, tabSelectionSetters, filterKey],
  );
  const notRecommendedTable = useMemo(
    () => (
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
    ),
    [t, notRecommended, notRecommendedCols, filterKey],
  );
  const tables: Record<BladeTab, ReactNode> = { configured: configuredTable, recommended: recommendedTable, notRecommended: notRecommendedTable };

  const tabLabel = (tab: BladeTab) => (fleet.status === 'success' ? `${t(TAB_KEYS[tab])} (${i18n.formatNumber(counts[tab])})` : t(TAB_KEYS[tab]));
  const tab = search.tab;

  return (
    <>
      <MemoBladeHeader />
      <Container component="main" maxWidth="xl" sx={{ py: 3 }}>
        <Intro notice={status.data?.notice} />
        <Filters
          key={searchBoxKey}
          sub={search.sub}
          rg={search.rg}
          subscriptions={fleet.subscriptions}
          resourceGroups={resourceGroups}
          onFilterChange={onFilterChange}
          searchInitial={query}
          onQueryChange={setQuery}
        />
        <Notices freeTierNames={freeTierNames} errorMessage={fleet.status === 'error' ? (fleet.error?.message ?? '') : undefined} onRetry={refetch} />

        <Paper variant="outlined" sx={{ mt: 3 }}>
          <BladeTabs
            value={tab}
            label={t('blade.tabs')}
            configuredLabel={tabLabel('configured')}
            recommendedLabel={tabLabel('recommended')}
            notRecommendedLabel={tabLabel('notRecommended')}
            onSelect={onSelectTab}
          />
          {/* Every panel exists for aria-controls; the selected one renders, the others keep their last rendering. */}
          {BLADE_TABS.map((panel) => (
            <div key={panel} role="tabpanel" id={`${panel}-panel`} aria-labelledby={`${panel}-tab`} {...(tab === panel ? {} : HIDDEN_PANEL)}>
              {(tab === panel || (allPanelsMounted && loaded)) && (
                // Outside the frozen body, so its countdowns stop and restart with the panel's visibility.
                <ClockPaused.Provider value={tab !== panel}>
                  <PanelBody
                    tab={panel}
                    active={tab === panel}
                    pending={fleet.status === 'pending'}
                    loaded={fleet.progress.loaded}
                    total={fleet.progress.total}
                    command={commands[panel]}
                    onRefresh={refetch}
                    rowCount={t('table.rowCount', { count: i18n.formatNumber(counts[panel]) })}
                    table={tables[panel]}
                  />
                </ClockPaused.Provider>
              )}
            </div>
          ))}
        </Paper>
        {children}
      </Container>
    </>
  );
}
