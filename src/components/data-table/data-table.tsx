import { useEffect, useMemo, useRef, useState } from 'react';
import Checkbox from '@mui/material/Checkbox';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
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
  estimateRowHeight?: number;
  /** When this changes (a new filter), the list scrolls back to its first row. */
  scrollResetKey?: string;
}

const SELECT_COLUMN_ID = '__select';

/**
 * MUI table parts driven by TanStack Table (sorting, selection) and TanStack Virtual (only the rows
 * in view are in the DOM, with spacer rows keeping the scroll height), so 10,000 VMs stay fast
 * without @mui/x-data-grid's ~179 KB (docs/decisions/002-table-library.md).
 */
export function DataTable<T>({
  label,
  data,
  columns,
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
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const selectable = rowSelection !== undefined;

  const allColumns = useMemo<ColumnDef<T, unknown>[]>(() => {
    if (!selectable) return columns;
    const selectColumn: ColumnDef<T, unknown> = {
      id: SELECT_COLUMN_ID,
      enableSorting: false,
      header: ({ table }) => (
        <Checkbox
          size="small"
          checked={table.getIsAllRowsSelected()}
          indeterminate={table.getIsSomeRowsSelected()}
          disabled={!table.getCoreRowModel().rows.some((row) => row.getCanSelect())}
          onChange={table.getToggleAllRowsSelectedHandler()}
          slotProps={{ input: { 'aria-label': t('table.selectAll') } }}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          size="small"
          checked={row.getIsSelected()}
          disabled={!row.getCanSelect()}
          onChange={row.getToggleSelectedHandler()}
          slotProps={{ input: { 'aria-label': t('table.selectRow', { name: getRowName(row.original) }) } }}
        />
      ),
    };
    return [selectColumn, ...columns];
  }, [columns, selectable, getRowName, t]);

  // TanStack's own readonly-unaware types want a mutable array; it never mutates it.
  const rows = data as T[];
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table is not compiler-safe; this component does not rely on memoization by the compiler.
  const table = useReactTable<T>({
    data: rows,
    columns: allColumns,
    state: { sorting, ...(rowSelection === undefined ? {} : { rowSelection }) },
    onSortingChange: setSorting,
    ...(onRowSelectionChange === undefined ? {} : { onRowSelectionChange }),
    enableRowSelection: canSelectRow ? (row) => canSelectRow(row.original) : selectable,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateRowHeight,
    overscan: 12,
    // Without layout (jsdom, a panel not yet laid out) the container measures 0 px tall and no row
    // would render; assume the maximum height until a real measurement arrives.
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => {
        cb(rect.height === 0 ? { width: rect.width, height: maxHeight } : rect);
      }),
    // Likewise a row without layout measures 0 px; counting it as 0 would pull every row into view.
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || estimateRowHeight,
  });
  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [scrollResetKey]);
  const virtualRows = virtualizer.getVirtualItems();
  const paddingTop = virtualRows[0]?.start ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1];
  const paddingBottom = lastRow === undefined ? 0 : virtualizer.getTotalSize() - lastRow.end;
  const columnCount = table.getVisibleLeafColumns().length;

  return (
    <TableContainer
      ref={scrollRef}
      // A fixed height for long lists lets the virtualizer know its window before rows exist.
      sx={{ maxHeight, height: 57 + tableRows.length * estimateRowHeight > maxHeight ? maxHeight : 'auto', overflow: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      <Table stickyHeader size="small" aria-label={label} aria-rowcount={tableRows.length + 1}>
        <TableHead>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const headerContent = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <TableCell
                    key={header.id}
                    padding={header.column.id === SELECT_COLUMN_ID ? 'checkbox' : 'normal'}
                    sortDirection={sorted === false ? false : sorted}
                    sx={{ fontWeight: 600, verticalAlign: 'bottom' }}
                  >
                    {header.column.getCanSort() ? (
                      <TableSortLabel
                        active={sorted !== false}
                        direction={sorted === false ? 'asc' : sorted}
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        {headerContent}
                      </TableSortLabel>
                    ) : (
                      headerContent
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableHead>
        <TableBody>
          {tableRows.length === 0 && (
            <TableRow>
              <TableCell colSpan={columnCount}>{emptyText}</TableCell>
            </TableRow>
          )}
          {paddingTop > 0 && (
            <TableRow aria-hidden="true">
              <TableCell colSpan={columnCount} sx={{ height: paddingTop, p: 0, border: 0 }} />
            </TableRow>
          )}
          {virtualRows.map((virtualRow) => {
            const row = tableRows[virtualRow.index];
            if (row === undefined) return null;
            return (
              <TableRow
                key={row.id}
                data-index={virtualRow.index}
                ref={virtualizer.measureElement}
                hover
                selected={row.getIsSelected()}
                aria-rowindex={virtualRow.index + 2}
              >
                {row.getVisibleCells().map((cell) => (
                  <TableCell
                    key={cell.id}
                    padding={cell.column.id === SELECT_COLUMN_ID ? 'checkbox' : 'normal'}
                    // Untrusted names can be long and unbroken; wrap them rather than push columns off screen.
                    sx={{ overflowWrap: 'anywhere', maxWidth: 280 }}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
          {paddingBottom > 0 && (
            <TableRow aria-hidden="true">
              <TableCell colSpan={columnCount} sx={{ height: paddingBottom, p: 0, border: 0 }} />
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
