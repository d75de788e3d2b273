import type { ColumnDef } from '@tanstack/react-table';
import { Countdown } from '../../components/countdown';
import { cellClass } from '../../components/data-table/data-table';
import type { I18n } from '../../components/i18n/i18n';
import { PlainRouterLink, vmPageHref } from '../../components/router-link';
import type { MessageKey } from '../../components/i18n/en';
import type { NotRecommendedReason } from '../../domain/classification';
import { RowMenu } from './row-menu';
import type { ConfiguredRow, NotRecommendedRow, RecommendedRow, VmTarget } from './use-fleet';

// Every name is rendered as a text node: VM, group and user names come from ARM and are untrusted.
// Cells are plain elements with the data table's classes (cellClass), not MUI Typography/Link/Box:
// a keystroke or a tab switch mounts a screenful of rows, and a styled component per cell was most
// of that work on the large fleet.

function commonColumns<T extends VmTarget>(t: I18n['t']): ColumnDef<T, unknown>[] {
  return [
    {
      id: 'name',
      header: t('column.virtualMachine'),
      accessorFn: (row) => row.name,
      // A link to the VM's page (issue 5).
      cell: ({ row }) => (
        <PlainRouterLink href={vmPageHref(row.original.id)} className={cellClass.strong}>
          {row.original.name}
        </PlainRouterLink>
      ),
    },
    { id: 'resourceGroup', header: t('column.resourceGroup'), accessorFn: (row) => row.resourceGroup },
    { id: 'subscription', header: t('column.subscription'), accessorFn: (row) => row.subscriptionName },
  ];
}

export function configuredColumns(i18n: I18n): ColumnDef<ConfiguredRow, unknown>[] {
  const { t, formatNumber } = i18n;
  // Intl date formatting (with a time zone name) is slow enough to matter for a screenful of rows
  // mounted per keystroke; each timestamp is formatted once per language.
  const formatted = new Map<string, string>();
  const formatDateTime = (value: string) => {
    let text = formatted.get(value);
    if (text === undefined) {
      text = i18n.formatDateTime(value);
      formatted.set(value, text);
    }
    return text;
  };
  return [
    ...commonColumns<ConfiguredRow>(t),
    {
      id: 'approvedRequests',
      header: t('column.approvedRequests'),
      size: 128,
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
      header: () => <span className={cellClass.visuallyHidden}>{t('column.actions')}</span>,
      enableSorting: false,
      size: 64,
      cell: ({ row }) => <RowMenu vm={row.original} />,
    },
  ];
}

// The paths of MUI's LocalFireDepartmentOutlined and SecurityOutlined icons, drawn as bare SVG
// (an SvgIcon is a styled component per row).
const FIREWALL_ICON =
  'm16 6-.44.55c-.42.52-.98.75-1.54.75C13 7.3 12 6.52 12 5.3V2S4 6 4 13c0 4.42 3.58 8 8 8s8-3.58 8-8c0-2.96-1.61-5.62-4-7m-4 13c-1.1 0-2-.87-2-1.94 0-.51.2-.99.58-1.36L12 14.3l1.43 1.4c.37.37.57.85.57 1.36 0 1.07-.9 1.94-2 1.94m3.96-1.5c.04-.36.22-1.89-1.13-3.22L12 11.5l-2.83 2.78C7.81 15.62 8 17.16 8.04 17.5 6.79 16.4 6 14.79 6 13c0-3.16 2.13-5.65 4.03-7.25.23 1.99 1.93 3.55 3.99 3.55.78 0 1.54-.23 2.18-.66C17.34 9.78 18 11.35 18 13c0 1.79-.79 3.4-2.04 4.5';
const NSG_ICON = 'M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11z';

function ConnectionDetails({ row, t }: { row: ConfiguredRow; t: I18n['t'] }) {
  const viaFirewall = row.connection.via === 'firewall';
  const iconTitle = viaFirewall ? t('row.viaFirewall') : t('row.viaNsg');
  const soonest = [...row.openPorts].sort((a, b) => Date.parse(a.endTimeUtc) - Date.parse(b.endTimeUtc))[0];
  const ports = row.openPorts.map((port) => (port.connectPort === port.number ? String(port.number) : `${String(port.connectPort)}→${String(port.number)}`));
  return (
    <div className={cellClass.inline}>
      {/* As MUI's SvgIcon with titleAccess: an image named by its title. */}
      <svg className={`${cellClass.icon} ${viaFirewall ? cellClass.iconWarning : cellClass.iconPrimary}`} viewBox="0 0 24 24" role="img" aria-hidden="false" focusable="false">
        <title>{iconTitle}</title>
        <path d={viaFirewall ? FIREWALL_ICON : NSG_ICON} />
      </svg>
      <div>
        <div>{row.connection.address ?? t('row.none')}</div>
        <span className={`${cellClass.caption} ${cellClass.secondary}`}>
          {ports.length === 0 ? t('row.noOpenPorts') : t('row.openPorts', { ports: ports.join(', ') })}
        </span>
        {/* Remaining time of the port that closes first (issue 5). */}
        {soonest !== undefined && (
          <span className={cellClass.caption}>
            <Countdown endTimeUtc={soonest.endTimeUtc} label={t('vmPage.closesIn', { port: soonest.number })} />
          </span>
        )}
      </div>
    </div>
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
          {row.original.freeTier && <span className={`${cellClass.caption} ${cellClass.warning}`}>{t('row.freeTier')}</span>}
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
      size: 520,
      accessorFn: (row) => t(REASON_TEXT[row.reason].sentence),
      cell: ({ row }) => (
        <>
          <div>{t(REASON_TEXT[row.original.reason].sentence)}</div>
          <span className={`${cellClass.caption} ${cellClass.secondary}`}>{t(REASON_TEXT[row.original.reason].remedy)}</span>
        </>
      ),
    },
  ];
}
