// @vitest-environment jsdom
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { expect, test } from 'vitest';
import { DataTable } from './data-table';

interface Vm {
  id: string;
  name: string;
  resourceGroup: string;
  eligible: boolean;
}

const vms: Vm[] = [
  { id: 'b', name: 'vm-web-02', resourceGroup: 'rg-web', eligible: true },
  { id: 'a', name: 'vm-web-01', resourceGroup: 'rg-web', eligible: true },
  { id: 'c', name: 'vm-db-01', resourceGroup: 'rg-data', eligible: false },
];

const columns: ColumnDef<Vm, unknown>[] = [
  { id: 'name', header: 'Virtual machine', accessorFn: (row) => row.name },
  { id: 'resourceGroup', header: 'Resource group', accessorFn: (row) => row.resourceGroup },
];

function Harness({ onSelection, initialSelection = {} }: { onSelection?: (selection: RowSelectionState) => void; initialSelection?: RowSelectionState }) {
  const [selection, setSelection] = useState<RowSelectionState>(initialSelection);
  return (
    <DataTable<Vm>
      label="Recommended"
      data={vms}
      columns={columns}
      getRowId={(row) => row.id}
      getRowName={(row) => row.name}
      rowSelection={selection}
      onRowSelectionChange={(updater) => {
        setSelection((old) => {
          const next = typeof updater === 'function' ? updater(old) : updater;
          onSelection?.(next);
          return next;
        });
      }}
      canSelectRow={(row) => row.eligible}
      emptyText="No virtual machines match."
    />
  );
}

const names = () =>
  within(screen.getByRole('table', { name: 'Recommended' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1]?.textContent);

test('each row has a checkbox labelled with the VM name; ineligible rows cannot be selected', async () => {
  let last: RowSelectionState = {};
  render(<Harness onSelection={(s) => (last = s)} />);
  await userEvent.click(screen.getByRole('checkbox', { name: 'Select vm-web-01' }));
  expect(screen.getByRole('checkbox', { name: 'Select vm-web-01' })).toBeChecked();
  expect(last).toEqual({ a: true });
  expect(screen.getByRole('checkbox', { name: 'Select vm-db-01' })).toBeDisabled();
});

test('"Select all" selects every selectable row and only those', async () => {
  let last: RowSelectionState = {};
  render(<Harness onSelection={(s) => (last = s)} />);
  await userEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
  expect(last).toEqual({ a: true, b: true });
  expect(screen.getByRole('checkbox', { name: 'Select vm-db-01' })).not.toBeChecked();
});

test('the "Select all" box speaks for the rows shown: a selected row that has left the table neither checks nor half-checks it', () => {
  // 'x' was selected, then left the table (e.g. JIT was enabled on it and it moved to Configured).
  const { unmount } = render(<Harness initialSelection={{ x: true }} />);
  const all = screen.getByRole('checkbox', { name: 'Select all' });
  expect(all).not.toBeChecked();
  expect((all as HTMLInputElement).indeterminate).toBe(false);
  unmount();
  // One shown row selected of three: half-checked, whatever else the selection holds.
  render(<Harness initialSelection={{ x: true, a: true }} />);
  const some = screen.getByRole('checkbox', { name: 'Select all' });
  expect((some as HTMLInputElement).indeterminate).toBe(true);
  expect(some).not.toBeChecked();
});

test('clicking a header sorts by it, clicking again reverses', async () => {
  render(<Harness />);
  expect(names()).toEqual(['vm-web-02', 'vm-web-01', 'vm-db-01']);
  await userEvent.click(screen.getByRole('button', { name: 'Virtual machine' }));
  expect(names()).toEqual(['vm-db-01', 'vm-web-01', 'vm-web-02']);
  expect(screen.getByRole('columnheader', { name: 'Virtual machine' })).toHaveAttribute('aria-sort', 'ascending');
  await userEvent.click(screen.getByRole('button', { name: /Virtual machine/ }));
  expect(names()).toEqual(['vm-web-02', 'vm-web-01', 'vm-db-01']);
  expect(screen.getByRole('columnheader', { name: /Virtual machine/ })).toHaveAttribute('aria-sort', 'descending');
});

test('names are rendered as text, never as markup', () => {
  const hostile: Vm = { id: 'x', name: '<img src=x onerror=alert(1)>', resourceGroup: 'rg', eligible: true };
  render(
    <DataTable<Vm> label="t" data={[hostile]} columns={columns} getRowId={(r) => r.id} getRowName={(r) => r.name} emptyText="none" />,
  );
  expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
  expect(document.querySelector('img')).toBeNull();
});

test('an empty table says so', () => {
  render(<DataTable<Vm> label="t" data={[]} columns={columns} getRowId={(r) => r.id} getRowName={(r) => r.name} emptyText="No virtual machines match." />);
  expect(screen.getByText('No virtual machines match.')).toBeInTheDocument();
});

test('10,000 rows: only a window of them is in the DOM, and the table reports the full count', () => {
  const many: Vm[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: String(i),
    name: `vm-${String(i).padStart(5, '0')}`,
    resourceGroup: 'rg',
    eligible: true,
  }));
  render(<DataTable<Vm> label="Large" data={many} columns={columns} getRowId={(r) => r.id} getRowName={(r) => r.name} emptyText="none" />);
  const table = screen.getByRole('table', { name: 'Large' });
  expect(table).toHaveAttribute('aria-rowcount', '10001');
  const rendered = within(table).getAllByRole('row').length;
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
});

test('columns keep the width they ask for, the others share the rest, and below their minimum the table scrolls sideways', () => {
  render(
    <DataTable<Vm>
      label="Not recommended"
      data={vms}
      columns={[...columns, { id: 'actions', header: 'Actions', size: 64, cell: () => '…' }]}
      getRowId={(row) => row.id}
      getRowName={(row) => row.name}
      emptyText="No virtual machines match."
    />,
  );
  const table = screen.getByRole('table', { name: 'Not recommended' });
  // Fixed layout: widths come from the header row, not from measuring each cell's text.
  expect(getComputedStyle(table).tableLayout).toBe('fixed');
  expect(screen.getByRole('columnheader', { name: 'Actions' }).style.width).toBe('64px');
  expect(screen.getByRole('columnheader', { name: /Virtual machine/ }).style.width).toBe('');
  // Two flexible columns of at least 140 px and the 64 px one (no checkbox column: nothing is selectable).
  expect(table.style.minWidth).toBe('344px');
});
