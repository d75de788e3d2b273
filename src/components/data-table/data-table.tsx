import { memo, useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { styled } from '@mui/material/styles';
// Types only: the column definitions keep TanStack's shape (callers already write them), but the
// sorting, selection and windowing below are hand-written (~60 KB minified less in the initial script).
import type { ColumnDef, OnChangeFn, RowSelectionState, SortingState } from '@tanstack/react-table';
import { useI18n } from '../i18n/i18n';

export interface DataTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  data: readonly T[];
  columns: ColumnDef<T, unknown>[];
  getRowId: (row: T) => string;
  /** The name a row's checkbox is labelled with ("Select vm-web-01"). */
  getRowName: (row: T) => string;
  /** Omit to render no checkboxes. */
  rowSelection?: RowSelectionState;
  onRowSelectionChange?: OnChangeFn<RowSelectionState>;
  canSelectRow?: (row: T) => boolean;
  initialSorting?: SortingState;
  emptyText: string;
  /** Height of the scrolling body; the header stays visible. */
  maxHeight?: number;
  /** Every row is laid out at this height (no per-row measuring, which forces layout while scrolling). */
  estimateRowHeight?: number;
  /** When this changes (a new filter), the list scrolls back to its first row. */
  scrollResetKey?: string;
}

/** The subset of TanStack's column definition this table reads. */
interface Column<T> {
  id: string;
  header: ReactNode | (() => ReactNode);
  accessorFn: ((row: T) => unknown) | undefined;
  cell: ((context: { row: { original: T } }) => ReactNode) | undefined;
  sortable: boolean;
  /** Width in px (TanStack's `size`); columns without one share what is left equally. */
  width: number | undefined;
}

function toColumn<T>(def: ColumnDef<T, unknown>): Column<T> {
  const loose = def as unknown as {
    id?: string;
    header?: ReactNode | (() => ReactNode);
    accessorFn?: (row: T) => unknown;
    cell?: (context: { row: { original: T } }) => ReactNode;
    enableSorting?: boolean;
    size?: number;
  };
  return {
    id: loose.id ?? '',
    header: loose.header,
    accessorFn: loose.accessorFn,
    cell: loose.cell,
    sortable: loose.enableSorting !== false && loose.accessorFn !== undefined,
    width: loose.size,
  };
}

/**
 * Class names the table's one stylesheet defines for cell content, so column definitions can lay out
 * a cell with plain elements instead of an MUI component (and an emotion class) per cell: mounting
 * the rows of a new filter or tab is most of the work of a keystroke or a tab switch.
 */
export const cellClass = {
  /** Emphasised text (the VM name). */
  strong: 'dt-strong',
  /** A secondary line under the cell's main text, on its own line. */
  caption: 'dt-caption',
  /** A caption in the secondary text colour. */
  secondary: 'dt-secondary',
  /** A caption in the warning colour. */
  warning: 'dt-warning',
  /** Icon and text side by side. */
  inline: 'dt-inline',
  /** An inline 20 px icon. */
  icon: 'dt-icon',
  iconPrimary: 'dt-icon-primary',
  iconWarning: 'dt-icon-warning',
  /** Read by screen readers, not shown. */
  visuallyHidden: 'dt-visually-hidden',
} as const;

const HEADER_HEIGHT = 57;
const OVERSCAN = 4;

const CHECK_COLUMN_WIDTH = 48;
/** The narrowest a column without a width of its own gets before the table scrolls sideways. */
const MIN_COLUMN_WIDTH = 140;

// One stylesheet for the whole table instead of an `sx` object (and an emotion class) per cell.
const Root = styled('div')(({ theme }) => ({
  overflow: 'auto',
  // Fixed layout: column widths come from the header row, not from measuring every cell's text. A
  // tab switch laid the 10,000-VM table out in 23 ms with automatic layout, 8 ms with this; a
  // keystroke that changes the rows, 45 ms of work at worst before, 34 ms after.
  '& table': { width: '100%', tableLayout: 'fixed', borderCollapse: 'separate', borderSpacing: 0, ...theme.typography.body2 },
  '& th, & td': {
    textAlign: 'left',
    padding: '6px 16px',
    borderBottom: `1px solid ${theme.palette.divider}`,
    // Untrusted names can be long and unbroken; wrap them within the column (fixed layout).
    overflowWrap: 'anywhere',
  },
  '& th': {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    background: theme.palette.background.paper,
    fontWeight: 600,
    verticalAlign: 'bottom',
    lineHeight: '1.5rem',
  },
  '& .dt-check': { width: CHECK_COLUMN_WIDTH, padding: '0 0 0 12px' },
  '& .dt-check input': { width: 18, height: 18, margin: 0, accentColor: theme.palette.primary.main, cursor: 'pointer' },
  '& .dt-check input:disabled': { cursor: 'default' },
  '& tbody tr.dt-row:hover': { background: theme.palette.action.hover },
  '& tbody tr.dt-row[aria-selected="true"]': { background: theme.palette.action.selected },
  '& tr.dt-spacer td': { padding: 0, border: 0 },
  // Links in cells look like MUI's Link (primary colour, underline tinted with it).
  '& td a': {
    color: theme.palette.primary.main,
    textDecoration: 'underline',
    textDecorationColor: `color-mix(in srgb, ${theme.palette.primary.main} 40%, transparent)`,
    '&:hover': { textDecorationColor: 'inherit' },
  },
  '& .dt-strong': { fontWeight: 600 },
  '& .dt-caption': { display: 'block', ...theme.typography.caption },
  '& .dt-secondary': { color: theme.palette.text.secondary },
  '& .dt-warning': { color: theme.palette.warning.dark },
  '& .dt-inline': { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  '& .dt-icon': { width: 20, height: 20, flexShrink: 0, fill: 'currentColor' },
  '& .dt-icon-primary': { color: theme.palette.primary.main },
  '& .dt-icon-warning': { color: theme.palette.warning.main },
  '& .dt-visually-hidden': { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  // A plain button per sortable header, drawn as MUI's TableSortLabel (arrow shown when sorted, hinted on hover).
  '& .dt-sort': {
    all: 'unset',
    display: 'inline-flex',
    alignItems: 'center',
    cursor: 'pointer',
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 2 },
    '& svg': {
      width: 18,
      height: 18,
      marginLeft: 4,
      fill: 'currentColor',
      opacity: 0,
      transform: 'rotate(180deg)',
      transition: theme.transitions.create(['opacity', 'transform'], { duration: theme.transitions.duration.shorter }),
    },
    '&:hover svg, &:focus-visible svg': { opacity: 0.5 },
    '&[data-direction] svg': { opacity: 1 },
    '&[data-direction="desc"] svg': { transform: 'none' },
  },
}));

type SortDirection = 'asc' | 'desc';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function toText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(toText(a), toText(b));
}

interface RowProps<T> {
  row: T;
  index: number;
  id: string;
  columns: readonly Column<T>[];
  selectable: boolean;
  selected: boolean;
  canSelect: boolean;
  /** The checkbox's label, computed only when the row renders (not for every row in view on each table render). */
  checkboxLabel: (row: T) => string;
  onToggle: (id: string, checked: boolean) => void;
  height: number;
}

// Memoized: scrolling renders only the rows that come into view, typing re-renders only rows whose
// data or selection changed.
const Row = memo(function Row<T>({ row, index, id, columns, selectable, selected, canSelect, checkboxLabel, onToggle, height }: RowProps<T>) {
  return (
    <tr className="dt-row" data-index={index} aria-rowindex={index + 2} aria-selected={selectable ? selected : undefined} style={{ height }}>
      {selectable && (
        <td className="dt-check">
          <input
            type="checkbox"
            checked={selected}
            disabled={!canSelect}
            aria-label={checkboxLabel(row)}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              onToggle(id, event.target.checked);
            }}
          />
        </td>
      )}
      {columns.map((column) => (
        <td key={column.id}>{column.cell ? column.cell({ row: { original: row } }) : toText(column.accessorFn?.(row))}</td>
      ))}
    </tr>
  );
}) as <T>(props: RowProps<T>) => ReactNode;

interface HeaderProps<T> {
  columns: readonly Column<T>[];
  sorting: { id: string; direction: SortDirection } | undefined;
  onSort: (column: Column<T>) => void;
  selectable: boolean;
  allSelected: boolean;
  someSelected: boolean;
  anySelectable: boolean;
  onToggleAll: () => void;
  selectAllLabel: string;
}

// The arrow of a sortable header (MUI's ArrowDownward path): up when ascending.
const SORT_ARROW = 'M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z';

// Memoized: a row selection or a new filter re-renders the header only when its own state changes.
const Header = memo(function Header<T>({ columns, sorting, onSort, selectable, allSelected, someSelected, anySelectable, onToggleAll, selectAllLabel }: HeaderProps<T>) {
  return (
    <thead>
      <tr aria-rowindex={1}>
        {selectable && (
          <th className="dt-check">
            <input
              type="checkbox"
              checked={allSelected}
              ref={(element) => {
                if (element) element.indeterminate = !allSelected && someSelected;
              }}
              disabled={!anySelectable}
              onChange={onToggleAll}
              aria-label={selectAllLabel}
            />
          </th>
        )}
        {columns.map((column) => {
          const direction = sorting?.id === column.id ? sorting.direction : undefined;
          const content = typeof column.header === 'function' ? column.header() : column.header;
          return (
            <th key={column.id} style={column.width === undefined ? undefined : { width: column.width }} aria-sort={direction === undefined ? undefined : direction === 'asc' ? 'ascending' : 'descending'}>
              {column.sortable ? (
                <button
                  type="button"
                  className="dt-sort"
                  data-direction={direction}
                  onClick={() => {
                    onSort(column);
                  }}
                >
                  {content}
                  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d={SORT_ARROW} />
                  </svg>
                </button>
              ) : (
                content
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}) as <T>(props: HeaderProps<T>) => ReactNode;

/**
 * A table with sorting, selection and windowing (only the rows in view are in the DOM, spacer rows
 * keep the scroll height), so 10,000 VMs stay fast without @mui/x-data-grid's ~179 KB
 * (docs/decisions/002-table-library.md). Rows have a fixed height so the window is arithmetic.
 */
function DataTableImpl<T>({
  label,
  data,
  columns: columnDefs,
  getRowId,
  getRowName,
  rowSelection,
  onRowSelectionChange,
  canSelectRow,
  initialSorting = [],
  emptyText,
  maxHeight = 560,
  estimateRowHeight = 53,
  scrollResetKey,
}: DataTableProps<T>) {
  const { t } = useI18n();
  const selectable = rowSelection !== undefined;
  const columns = useMemo(() => columnDefs.map(toColumn), [columnDefs]);
  const [sorting, setSorting] = useState<{ id: string; direction: SortDirection } | undefined>(() => {
    const first = initialSorting[0];
    return first === undefined ? undefined : { id: first.id, direction: first.desc ? 'desc' : 'asc' };
  });

  const rows = useMemo(() => {
    const column = sorting === undefined ? undefined : columns.find((c) => c.id === sorting.id);
    const accessor = column?.accessorFn;
    if (sorting === undefined || accessor === undefined) return data;
    const keyed = data.map((row, index) => ({ row, index, key: accessor(row) }));
    const sign = sorting.direction === 'desc' ? -1 : 1;
    keyed.sort((a, b) => sign * compareValues(a.key, b.key) || a.index - b.index);
    return keyed.map((k) => k.row);
  }, [data, columns, sorting]);

  // Ids are read where needed (the rows in view, select all), not mapped for every row on each new
  // filter: a keystroke on 10,000 rows would lower-case 10,000 ids.

  const toggleSort = useCallback((column: Column<T>) => {
    setSorting((old) => {
      if (old?.id !== column.id) {
        // As TanStack: text sorts ascending first, numbers descending first; the third click clears.
        const sample = rows.length > 0 && rows[0] !== undefined ? column.accessorFn?.(rows[0]) : '';
        return { id: column.id, direction: typeof sample === 'string' ? 'asc' : 'desc' };
      }
      const firstDirection = old.direction;
      const sample = rows.length > 0 && rows[0] !== undefined ? column.accessorFn?.(rows[0]) : '';
      const startedWith: SortDirection = typeof sample === 'string' ? 'asc' : 'desc';
      if (firstDirection === startedWith) return { id: column.id, direction: startedWith === 'asc' ? 'desc' : 'asc' };
      return undefined;
    });
  }, [rows]);

  const checkboxLabel = useCallback((row: T) => t('table.selectRow', { name: getRowName(row) }), [t, getRowName]);
  const canSelect = useCallback((row: T) => (canSelectRow ? canSelectRow(row) : selectable), [canSelectRow, selectable]);
  // Stable as long as the caller's handler is, so memoized rows do not re-render on every change.
  const onToggle = useCallback(
    (id: string, checked: boolean) => {
      onRowSelectionChange?.((old) => {
        const next = { ...old };
        if (checked) next[id] = true;
        else delete next[id];
        return next;
      });
    },
    [onRowSelectionChange],
  );

  const selection = rowSelection ?? {};
  // The header speaks for the rows shown: a selected id whose row is filtered out or has left the
  // table (a VM just enabled moves to another tab) neither checks nor half-checks it.
  const selectedCount = Object.keys(selection).length === 0 ? 0 : rows.reduce((count, row) => (selection[getRowId(row)] === true ? count + 1 : count), 0);
  const anySelectable = selectable && rows.some((row) => canSelect(row));
  const allSelected =
    selectable && rows.length > 0 && selectedCount > 0 && rows.every((row) => !canSelect(row) || selection[getRowId(row)] === true);
  const someSelected = selectedCount > 0 && selectedCount < rows.length;
  const toggleAll = useCallback(() => {
    onRowSelectionChange?.((old) => {
      const next = { ...old };
      rows.forEach((row) => {
        const id = getRowId(row);
        if (allSelected) delete next[id];
        else if (canSelect(row)) next[id] = true;
      });
      return next;
    });
  }, [onRowSelectionChange, rows, getRowId, allSelected, canSelect]);

  // The window: fixed row heights make it arithmetic; state changes only when the first visible row does.
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ first: 0, height: maxHeight });
  // Whether the list is scrolled away from its top, as the last scroll event saw it.
  const scrolledAway = useRef(false);
  const rowHeight = estimateRowHeight;
  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    scrolledAway.current = element.scrollTop > 0;
    const first = Math.max(0, Math.floor((element.scrollTop - HEADER_HEIGHT) / rowHeight));
    // Without layout (jsdom, a panel not yet laid out) the container measures 0 px; assume the maximum.
    const height = element.clientHeight || maxHeight;
    if (first !== viewport.first || height !== viewport.height) setViewport({ first, height });
  };
  // A new filter shows the first rows (state adjusted during render; the DOM scroll in an effect).
  const [resetKey, setResetKey] = useState(scrollResetKey);
  if (resetKey !== scrollResetKey) {
    setResetKey(scrollResetKey);
    if (viewport.first !== 0) setViewport({ ...viewport, first: 0 });
  }
  useEffect(() => {
    // Only when scrolled: scrollTo forces a synchronous layout, which a freshly mounted table (a tab
    // switch) or one already at its top (typing) does not need.
    if (!scrolledAway.current) return;
    scrolledAway.current = false;
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [scrollResetKey]);
  const visibleCount = Math.ceil(viewport.height / rowHeight) + 1;
  const start = Math.max(0, Math.min(viewport.first, rows.length - 1) - OVERSCAN);
  const end = Math.min(rows.length, viewport.first + visibleCount + OVERSCAN);
  const paddingTop = start * rowHeight;
  const paddingBottom = Math.max(0, (rows.length - end) * rowHeight);
  const columnCount = columns.length + (selectable ? 1 : 0);
  // Fixed layout shares the width out whatever the text: below this the table scrolls sideways
  // instead of breaking names into columns a few letters wide.
  const minWidth = columns.reduce((sum, column) => sum + (column.width ?? MIN_COLUMN_WIDTH), selectable ? CHECK_COLUMN_WIDTH : 0);

  const rendered: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const row = rows[index];
    if (row === undefined) continue;
    const id = getRowId(row);
    rendered.push(
      <Row<T>
        key={id}
        row={row}
        index={index}
        id={id}
        columns={columns}
        selectable={selectable}
        selected={selection[id] === true}
        canSelect={selectable && canSelect(row)}
        checkboxLabel={checkboxLabel}
        onToggle={onToggle}
        height={rowHeight}
      />,
    );
  }

  return (
    <Root
      ref={scrollRef}
      onScroll={onScroll}
      // A fixed height for long lists lets the window be known before rows exist.
      style={{ maxHeight, height: HEADER_HEIGHT + rows.length * rowHeight > maxHeight ? maxHeight : 'auto' }}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table aria-label={label} aria-rowcount={rows.length + 1} style={{ minWidth }}>
        <Header<T>
          columns={columns}
          sorting={sorting}
          onSort={toggleSort}
          selectable={selectable}
          allSelected={allSelected}
          someSelected={someSelected}
          anySelectable={anySelectable}
          onToggleAll={toggleAll}
          selectAllLabel={t('table.selectAll')}
        />
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columnCount}>{emptyText}</td>
            </tr>
          )}
          {paddingTop > 0 && (
            <tr className="dt-spacer" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingTop }} />
            </tr>
          )}
          {rendered}
          {paddingBottom > 0 && (
            <tr className="dt-spacer" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </Root>
  );
}

/** Memoized: a parent's unrelated render (the URL catching up with the search box) skips the table. */
export const DataTable = memo(DataTableImpl) as typeof DataTableImpl;
