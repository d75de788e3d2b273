import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import LocalFireDepartmentOutlinedIcon from '@mui/icons-material/LocalFireDepartmentOutlined';
import SecurityOutlinedIcon from '@mui/icons-material/SecurityOutlined';
import type { ColumnDef } from '@tanstack/react-table';
import { Countdown } from '../../components/countdown';
import type { I18n } from '../../components/i18n/i18n';
import { RouterLink, vmPageHref } from '../../components/router-link';
import type { MessageKey } from '../../components/i18n/en';
import type { NotRecommendedReason } from '../../domain/classification';
import { RowMenu } from './row-menu';
import type { ConfiguredRow, NotRecommendedRow, RecommendedRow, VmTarget } from './use-fleet';

// Every name is rendered as a text node: VM, group and user names come from ARM and are untrusted.

function commonColumns<T extends VmTarget>(t: I18n['t']): ColumnDef<T, unknown>[] {
  return [
    {
      id: 'name',
      header: t('column.virtualMachine'),
      accessorFn: (row) => row.name,
      // A link to the VM's page (issue 5).
      cell: ({ row }) => (
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          <RouterLink href={vmPageHref(row.original.id)}>{row.original.name}</RouterLink>
        </Typography>
      ),
    },
    { id: 'resourceGroup', header: t('column.resourceGroup'), accessorFn: (row) => row.resourceGroup },
    { id: 'subscription', header: t('column.subscription'), accessorFn: (row) => row.subscriptionName },
  ];
}

export function configuredColumns(i18n: I18n): ColumnDef<ConfiguredRow, unknown>[] {
  const { t, formatDateTime, formatNumber } = i18n;
  return [
    ...commonColumns<ConfiguredRow>(t),
    {
      id: 'approvedRequests',
      header: t('column.approvedRequests'),
      accessorFn: (row) => row.approvedRequestsLast7Days,
      cell: ({ row }) => formatNumber(row.original.approvedRequestsLast7Days),
    },
    {
      id: 'lastAccess',
      header: t('column.lastAccess'),
      accessorFn: (row) => row.lastAccessUtc ?? '',
      cell: ({ row }) => (row.original.lastAccessUtc === undefined ? t('row.never') : formatDateTime(row.original.lastAccessUtc)),
    },
    {
      id: 'connection',
      header: t('column.connectionDetails'),
      accessorFn: (row) => row.openPorts.length,
      cell: ({ row }) => <ConnectionDetails row={row.original} t={t} />,
    },
    {
      id: 'lastUser',
      header: t('column.lastUser'),
      accessorFn: (row) => row.lastUser ?? '',
      cell: ({ row }) => row.original.lastUser ?? t('row.none'),
    },
    {
      id: 'actions',
      header: () => <Box component="span" sx={visuallyHidden}>{t('column.actions')}</Box>,
      enableSorting: false,
      cell: ({ row }) => <RowMenu vm={row.original} />,
    },
  ];
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function ConnectionDetails({ row, t }: { row: ConfiguredRow; t: I18n['t'] }) {
  const viaFirewall = row.connection.via === 'firewall';
  const Icon = viaFirewall ? LocalFireDepartmentOutlinedIcon : SecurityOutlinedIcon;
  const soonest = [...row.openPorts].sort((a, b) => Date.parse(a.endTimeUtc) - Date.parse(b.endTimeUtc))[0];
  const ports = row.openPorts.map((port) => (port.connectPort === port.number ? String(port.number) : `${String(port.connectPort)}→${String(port.number)}`));
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Icon fontSize="small" titleAccess={viaFirewall ? t('row.viaFirewall') : t('row.viaNsg')} color={viaFirewall ? 'warning' : 'primary'} />
      <Box>
        <Typography variant="body2">{row.connection.address ?? t('row.none')}</Typography>
        <Typography variant="caption" color="text.secondary">
          {ports.length === 0 ? t('row.noOpenPorts') : t('row.openPorts', { ports: ports.join(', ') })}
        </Typography>
        {/* Remaining time of the port that closes first (issue 5). */}
        {soonest !== undefined && (
          <Typography variant="caption" sx={{ display: 'block' }}>
            <Countdown endTimeUtc={soonest.endTimeUtc} label={t('vmPage.closesIn', { port: soonest.number })} />
          </Typography>
        )}
      </Box>
    </Stack>
  );
}

export function recommendedColumns(i18n: I18n): ColumnDef<RecommendedRow, unknown>[] {
  const { t } = i18n;
  return [
    ...commonColumns<RecommendedRow>(t),
    { id: 'os', header: t('column.os'), accessorFn: (row) => row.os ?? '' },
    {
      id: 'publicIp',
      header: t('column.publicIp'),
      accessorFn: (row) => row.publicIpAddresses.join(', '),
      cell: ({ row }) => (row.original.publicIpAddresses.length === 0 ? t('row.none') : row.original.publicIpAddresses.join(', ')),
    },
    {
      id: 'nsg',
      header: t('column.nsg'),
      accessorFn: (row) => row.nsgNames.join(', '),
      cell: ({ row }) => (
        <>
          {row.original.nsgNames.length === 0 ? t('row.none') : row.original.nsgNames.join(', ')}
          {row.original.freeTier && (
            <Typography variant="caption" color="warning.dark" sx={{ display: 'block' }}>
              {t('row.freeTier')}
            </Typography>
          )}
        </>
      ),
    },
  ];
}

const REASON_TEXT: Readonly<Record<NotRecommendedReason, { sentence: MessageKey; remedy: MessageKey }>> = {
  freeTier: { sentence: 'reason.freeTier.sentence', remedy: 'reason.freeTier.remedy' },
  classicVm: { sentence: 'reason.classicVm.sentence', remedy: 'reason.classicVm.remedy' },
  jitDisabledBySubscriptionPolicy: {
    sentence: 'reason.jitDisabledBySubscriptionPolicy.sentence',
    remedy: 'reason.jitDisabledBySubscriptionPolicy.remedy',
  },
  jitDisabledByResourceGroupPolicy: {
    sentence: 'reason.jitDisabledByResourceGroupPolicy.sentence',
    remedy: 'reason.jitDisabledByResourceGroupPolicy.remedy',
  },
  noNsg: { sentence: 'reason.noNsg.sentence', remedy: 'reason.noNsg.remedy' },
  noPublicIpAndNoNsg: { sentence: 'reason.noPublicIpAndNoNsg.sentence', remedy: 'reason.noPublicIpAndNoNsg.remedy' },
};

export function notRecommendedColumns(i18n: I18n): ColumnDef<NotRecommendedRow, unknown>[] {
  const { t } = i18n;
  return [
    ...commonColumns<NotRecommendedRow>(t),
    {
      id: 'reason',
      header: t('column.reason'),
      accessorFn: (row) => t(REASON_TEXT[row.reason].sentence),
      cell: ({ row }) => (
        <Box>
          <Typography variant="body2">{t(REASON_TEXT[row.original.reason].sentence)}</Typography>
          <Typography variant="caption" color="text.secondary">
            {t(REASON_TEXT[row.original.reason].remedy)}
          </Typography>
        </Box>
      ),
    },
  ];
}
