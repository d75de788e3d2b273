import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Container from '@mui/material/Container';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { listActivityEventsQueryOptions, type ActivityQuery } from '../../api/list-activity-events';
import { listSubscriptionsQueryOptions } from '../../api/list-subscriptions';
import { DataTable } from '../../components/data-table/data-table';
import type { MessageKey } from '../../components/i18n/en';
import { useI18n, type I18n } from '../../components/i18n/i18n';
import { RouterLink, vmPageHref } from '../../components/router-link';
import { JIT_OPERATIONS } from '../../domain/activity';
import { activityCsvFileName } from '../../domain/activity-csv';
import { TIME_SPANS, timeRangeOf, type TimeSpan } from '../../domain/activity-filter';
import type { EventData } from '../../domain/arm-types';
import { parseVirtualMachineId } from '../../domain/resource-id';
import { activitySearchParams, parseActivitySearch, type ActivitySearch } from './activity-search';
import { saveBlobFile } from '../../components/save-file';
import { buildActivityCsv } from './build-csv';

const OPERATIONS: readonly { value: string; label: MessageKey }[] = [
  { value: JIT_OPERATIONS.policyWrite, label: 'activity.op.policyWrite' },
  { value: JIT_OPERATIONS.policyDelete, label: 'activity.op.policyDelete' },
  { value: JIT_OPERATIONS.initiate, label: 'activity.op.initiate' },
  { value: 'Microsoft.Security/locations/jitNetworkAccessPolicies/read', label: 'activity.op.policyRead' },
  { value: JIT_OPERATIONS.ruleWrite, label: 'activity.op.ruleWrite' },
  { value: JIT_OPERATIONS.ruleDelete, label: 'activity.op.ruleDelete' },
  { value: JIT_OPERATIONS.firewallWrite, label: 'activity.op.firewallWrite' },
];

const STATUSES = ['Succeeded', 'Failed', 'Started', 'Accepted'] as const;

const SPAN_LABEL: Readonly<Record<TimeSpan, MessageKey>> = {
  '1h': 'activity.span.1h',
  '6h': 'activity.span.6h',
  '24h': 'activity.span.24h',
  '7d': 'activity.span.7d',
  custom: 'activity.span.custom',
};

/** ISO instant → the value of a datetime-local input (local wall time, minutes). */
function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** datetime-local value (local wall time) → ISO instant in UTC. */
function fromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function columns({ t, formatDateTime }: I18n, subscriptionNames: ReadonlyMap<string, string>): ColumnDef<EventData, unknown>[] {
  return [
    {
      id: 'operationName',
      header: t('activity.column.operationName'),
      // ARM sends a display name for the operations it knows; the raw operation otherwise (e.g. policy reads).
      accessorFn: (row) => {
        const known = OPERATIONS.find((o) => o.value.toLowerCase() === row.operationName.value.toLowerCase());
        const localized = row.operationName.localizedValue;
        return localized !== '' && localized !== row.operationName.value ? localized : known === undefined ? row.operationName.value : t(known.label);
      },
    },
    { id: 'status', header: t('activity.column.status'), size: 120, accessorFn: (row) => row.status.localizedValue || row.status.value },
    {
      id: 'time',
      header: t('activity.column.time'),
      accessorFn: (row) => row.eventTimestamp,
      cell: ({ row }) => formatDateTime(row.original.eventTimestamp),
    },
    {
      id: 'subscription',
      header: t('activity.column.subscription'),
      accessorFn: (row) => subscriptionNames.get(row.subscriptionId.toLowerCase()) ?? row.subscriptionId,
    },
    { id: 'resourceGroup', header: t('activity.column.resourceGroup'), accessorFn: (row) => row.resourceGroupName },
    {
      id: 'initiatedBy',
      size: 400,
      header: t('activity.column.initiatedBy'),
      accessorFn: (row) => row.caller,
      // Caller and description are untrusted text from ARM: rendered as text nodes only.
      cell: ({ row }) => (
        <Box sx={{ maxWidth: 420 }}>
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
            {row.original.caller}
          </Typography>
          {row.original.description !== '' && (
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block', overflowWrap: 'anywhere' }}>
              {row.original.description}
            </Typography>
          )}
        </Box>
      ),
    },
  ];
}

/**
 * The JIT activity log (seed: "Audit JIT access activity in Security Center"): one VM's operations
 * (`vm` parameter, from the Configured row menu) or a whole subscription's for reviewers. The
 * filters live in the URL; Apply writes them there (replace) and the search reruns against the
 * Insights API.
 */
export function ActivityLog({
  params,
  onParamsChange,
}: {
  params: Readonly<Record<string, string>>;
  onParamsChange: (params: Record<string, string>, options: { replace: boolean }) => void;
}) {
  const i18n = useI18n();
  const { t, formatDateTime, formatNumber } = i18n;
  const queryClient = useQueryClient();
  const search = useMemo(() => parseActivitySearch(params), [params]);
  const vm = search.vm === undefined ? undefined : parseVirtualMachineId(search.vm);

  const subscriptionsQuery = useQuery(listSubscriptionsQueryOptions());
  const subscriptions = useMemo(() => subscriptionsQuery.data ?? [], [subscriptionsQuery.data]);
  const subscriptionNames = useMemo(() => new Map(subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.displayName])), [subscriptions]);
  const subscriptionId = vm?.subscriptionId ?? search.sub ?? subscriptions[0]?.subscriptionId;

  // Preset spans end "now": the instant the search was applied (or the page opened), so the query
  // key stays put between renders.
  const [appliedAt, setAppliedAt] = useState(() => new Date());
  const range = useMemo(() => timeRangeOf(search.span, appliedAt, { from: search.from, to: search.to }), [search, appliedAt]);

  const query: ActivityQuery | undefined =
    subscriptionId === undefined || !range.ok
      ? undefined
      : {
          subscriptionId,
          from: range.range.from,
          to: range.range.to,
          resourceUri: search.vm,
          operationName: search.op,
          status: search.status,
          caller: search.by,
        };
  const events = useQuery({
    ...listActivityEventsQueryOptions(query ?? { subscriptionId: '', from: '', to: '' }),
    enabled: query !== undefined,
  });

  // The form edits a draft; only Apply runs the search.
  const [draft, setDraft] = useState<ActivitySearch>(search);
  const [draftKey, setDraftKey] = useState(() => JSON.stringify(search));
  if (draftKey !== JSON.stringify(search)) {
    setDraftKey(JSON.stringify(search));
    setDraft(search);
  }

  const apply = () => {
    const next: ActivitySearch = { ...draft, sub: vm === undefined ? (draft.sub ?? subscriptionId) : undefined };
    if (next.span === 'custom' && (next.from === undefined || next.to === undefined) && range.ok) {
      next.from ??= range.range.from;
      next.to ??= range.range.to;
    }
    setAppliedAt(new Date());
    onParamsChange(activitySearchParams(next), { replace: true });
  };

  const [download, setDownload] = useState<{ state: 'idle' } | { state: 'working' } | { state: 'done'; message: string } | { state: 'error'; message: string }>({
    state: 'idle',
  });
  const downloadCsv = async () => {
    if (query === undefined) return;
    setDownload({ state: 'working' });
    try {
      // Every page of the current search, from the API (the cache holds what the table shows).
      const all = await queryClient.ensureQueryData(listActivityEventsQueryOptions(query));
      const names: Record<string, string> = {};
      for (const [id, name] of subscriptionNames) names[id] = name;
      const file = await buildActivityCsv(all, names);
      const fileName = activityCsvFileName({
        scope: vm === undefined ? 'subscription' : 'vm',
        name: vm?.name ?? subscriptionNames.get(query.subscriptionId.toLowerCase()) ?? query.subscriptionId,
        from: query.from,
        to: query.to,
      });
      saveBlobFile(file, fileName);
      setDownload({ state: 'done', message: t('activity.downloaded', { count: formatNumber(all.length), file: fileName }) });
    } catch (error) {
      setDownload({ state: 'error', message: t('activity.downloadFailed', { message: error instanceof Error ? error.message : String(error) }) });
    }
  };

  const tableColumns = useMemo(() => columns(i18n, subscriptionNames), [i18n, subscriptionNames]);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const operationOptions = draft.op !== undefined && !OPERATIONS.some((o) => o.value === draft.op) ? [...OPERATIONS, { value: draft.op, label: undefined }] : OPERATIONS;

  return (
    <Container component="main" maxWidth="xl" sx={{ py: 3 }}>
      <RouterLink href={`${import.meta.env.BASE_URL}?tab=configured`}>{t('activity.back')}</RouterLink>
      <Typography variant="h4" component="h1" sx={{ mt: 1 }}>
        {t('activity.title')}
      </Typography>
      {vm !== undefined && search.vm !== undefined ? (
        <Typography sx={{ mb: 2 }}>
          {`${t('activity.forVm')}: `}
          <RouterLink href={vmPageHref(search.vm)}>{vm.name}</RouterLink>
        </Typography>
      ) : (
        <Typography sx={{ mb: 2 }}>{t('activity.forSubscription')}</Typography>
      )}

      <Box component="section" aria-labelledby="activity-filters" sx={{ mb: 2 }}>
        <Typography id="activity-filters" variant="h6" component="h2" gutterBottom>
          {t('activity.filters')}
        </Typography>
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
          {vm === undefined && (
            <TextField
              select
              size="small"
              label={t('activity.subscription')}
              value={draft.sub ?? subscriptionId ?? ''}
              sx={{ minWidth: 220 }}
              onChange={(event) => {
                setDraft({ ...draft, sub: event.target.value });
              }}
            >
              {subscriptions.map((s) => (
                <MenuItem key={s.subscriptionId} value={s.subscriptionId}>
                  {s.displayName}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            select
            size="small"
            label={t('activity.timeSpan')}
            value={draft.span}
            sx={{ minWidth: 170 }}
            onChange={(event) => {
              const span = TIME_SPANS.find((s) => s === event.target.value) ?? draft.span;
              setDraft({ ...draft, span, ...(span === 'custom' && range.ok ? { from: draft.from ?? range.range.from, to: draft.to ?? range.range.to } : {}) });
            }}
          >
            {TIME_SPANS.map((span) => (
              <MenuItem key={span} value={span}>
                {t(SPAN_LABEL[span])}
              </MenuItem>
            ))}
          </TextField>
          {draft.span === 'custom' && (
            <>
              <TextField
                type="datetime-local"
                size="small"
                label={t('activity.from')}
                value={toLocalInput(draft.from)}
                slotProps={{ inputLabel: { shrink: true } }}
                onChange={(event) => {
                  setDraft({ ...draft, from: fromLocalInput(event.target.value) });
                }}
              />
              <TextField
                type="datetime-local"
                size="small"
                label={t('activity.to')}
                value={toLocalInput(draft.to)}
                slotProps={{ inputLabel: { shrink: true } }}
                onChange={(event) => {
                  setDraft({ ...draft, to: fromLocalInput(event.target.value) });
                }}
              />
            </>
          )}
          <TextField
            select
            size="small"
            label={t('activity.operation')}
            value={draft.op ?? ''}
            sx={{ minWidth: 260 }}
            onChange={(event) => {
              setDraft({ ...draft, op: event.target.value === '' ? undefined : event.target.value });
            }}
          >
            <MenuItem value="">{t('activity.all')}</MenuItem>
            {operationOptions.map((operation) => (
              <MenuItem key={operation.value} value={operation.value}>
                {operation.label === undefined ? operation.value : t(operation.label)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={t('activity.status')}
            value={draft.status ?? ''}
            sx={{ minWidth: 150 }}
            onChange={(event) => {
              setDraft({ ...draft, status: event.target.value === '' ? undefined : event.target.value });
            }}
          >
            <MenuItem value="">{t('activity.all')}</MenuItem>
            {STATUSES.map((status) => (
              <MenuItem key={status} value={status}>
                {status}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={t('activity.initiatedBy')}
            value={draft.by ?? ''}
            sx={{ minWidth: 220 }}
            onChange={(event) => {
              setDraft({ ...draft, by: event.target.value === '' ? undefined : event.target.value });
            }}
          />
          <Button variant="contained" onClick={apply}>
            {t('activity.apply')}
          </Button>
        </Stack>
      </Box>

      {!range.ok && <Alert severity="error">{t(`activity.range.${range.problem}`)}</Alert>}

      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Button
          variant="text"
          startIcon={download.state === 'working' ? <CircularProgress size={16} /> : <DownloadIcon />}
          disabled={query === undefined || download.state === 'working' || events.data === undefined}
          onClick={() => {
            void downloadCsv();
          }}
        >
          {download.state === 'working' ? t('activity.downloading') : t('activity.download')}
        </Button>
        <Box role="status" aria-live="polite">
          {download.state === 'done' && <Typography variant="body2">{download.message}</Typography>}
        </Box>
      </Stack>
      {download.state === 'error' && <Alert severity="error">{download.message}</Alert>}

      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('activity.timeZone', { zone })}
      </Typography>

      {events.isError && (
        <Alert severity="error">{t('activity.loadFailed', { message: events.error instanceof Error ? events.error.message : String(events.error) })}</Alert>
      )}
      {events.isPending && query !== undefined && <Typography role="status">{t('activity.loading')}</Typography>}
      {events.data !== undefined && query !== undefined && (
        <>
          <Typography data-testid="activity-count" sx={{ mb: 1 }}>
            {t('activity.count', { count: formatNumber(events.data.length), from: formatDateTime(query.from), to: formatDateTime(query.to) })}
          </Typography>
          <DataTable
            label={t('activity.table')}
            data={events.data}
            columns={tableColumns}
            getRowId={(row) => row.id}
            getRowName={(row) => row.operationName.localizedValue}
            emptyText={t('activity.empty')}
            initialSorting={[{ id: 'time', desc: true }]}
            estimateRowHeight={72}
            scrollResetKey={JSON.stringify(query)}
          />
        </>
      )}
    </Container>
  );
}
