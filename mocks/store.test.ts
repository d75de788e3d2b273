import { describe, expect, it } from 'vitest';
import { ResourceTable } from './store';

// The store's tables: ARM ids are case-insensitive, lists keep insertion order per subscription,
// and every write bumps its subscription's version (the list-page cache depends on it).

const SUB_A = '/subscriptions/AAAA0000-0000-4000-8000-000000000001';
const SUB_B = '/subscriptions/bbbb0000-0000-4000-8000-000000000002';
const vm = (sub: string, name: string, tag = '') => ({ id: `${sub}/resourceGroups/rg-Web/providers/Microsoft.Compute/virtualMachines/${name}`, tag });

describe('ResourceTable', () => {
  it('finds a resource however its id is spelled, and lists each subscription in insertion order', () => {
    const table = new ResourceTable([vm(SUB_A, 'vm-1'), vm(SUB_A, 'vm-2'), vm(SUB_B, 'vm-3'), vm(SUB_A, 'vm-4')]);
    expect(table.size).toBe(4);
    expect(table.get(vm(SUB_A, 'vm-2').id)?.id).toBe(vm(SUB_A, 'vm-2').id);
    expect(table.get(vm(SUB_A, 'vm-2').id.toUpperCase())?.id).toBe(vm(SUB_A, 'vm-2').id);
    expect(table.get(vm(SUB_B, 'VM-3').id)?.id).toBe(vm(SUB_B, 'vm-3').id);
    expect(table.get(vm(SUB_B, 'vm-9').id)).toBeUndefined();
    expect(table.inSubscription('aaaa0000-0000-4000-8000-000000000001').map((item) => item.id)).toEqual([vm(SUB_A, 'vm-1').id, vm(SUB_A, 'vm-2').id, vm(SUB_A, 'vm-4').id]);
    expect(table.inSubscription('BBBB0000-0000-4000-8000-000000000002')).toHaveLength(1);
  });

  it('an upsert spelled otherwise replaces the resource in place; lookups follow the new spelling', () => {
    const table = new ResourceTable([vm(SUB_A, 'vm-1'), vm(SUB_A, 'vm-2')]);
    const before = table.version('aaaa0000-0000-4000-8000-000000000001');
    // Once before the lower-cased index exists, once after.
    table.upsert(vm(SUB_A, 'VM-1', 'first'));
    table.upsert(vm(SUB_A.toLowerCase(), 'Vm-1', 'second'));
    expect(table.size).toBe(2);
    expect(table.inSubscription('aaaa0000-0000-4000-8000-000000000001').map((item) => item.tag)).toEqual(['second', '']);
    expect(table.get(vm(SUB_A, 'vm-1').id)?.tag).toBe('second');
    expect(table.get(vm(SUB_A.toLowerCase(), 'Vm-1').id)?.tag).toBe('second');
    expect(table.version('aaaa0000-0000-4000-8000-000000000001')).toBe(before + 2);
    table.upsert(vm(SUB_A, 'vm-3'));
    expect(table.get(vm(SUB_A, 'VM-3').id)?.id).toBe(vm(SUB_A, 'vm-3').id);
  });

  it('a removal (spelled otherwise) keeps the order and the lookups of the resources after it', () => {
    const table = new ResourceTable([vm(SUB_A, 'vm-1'), vm(SUB_A, 'vm-2'), vm(SUB_A, 'vm-3'), vm(SUB_B, 'vm-4')]);
    const changes: string[] = [];
    table.onChange = (id, change) => changes.push(`${change} ${id}`);
    expect(table.remove(vm(SUB_A, 'VM-1').id)).toBe(true);
    expect(table.remove(vm(SUB_A, 'vm-1').id)).toBe(false);
    expect(table.size).toBe(3);
    expect(table.get(vm(SUB_A, 'vm-3').id)?.id).toBe(vm(SUB_A, 'vm-3').id);
    expect(table.get(vm(SUB_A, 'VM-2').id)?.id).toBe(vm(SUB_A, 'vm-2').id);
    table.upsert(vm(SUB_A, 'vm-1', 'back'));
    expect(table.inSubscription('aaaa0000-0000-4000-8000-000000000001').map((item) => item.id)).toEqual([vm(SUB_A, 'vm-2').id, vm(SUB_A, 'vm-3').id, vm(SUB_A, 'vm-1').id]);
    expect(table.get(vm(SUB_A, 'VM-1').id)?.tag).toBe('back');
    expect(changes).toEqual([`remove ${vm(SUB_A, 'VM-1').id}`, `upsert ${vm(SUB_A, 'vm-1').id}`]);
  });

  it('a repeated id in the items given to the constructor replaces the earlier one', () => {
    const table = new ResourceTable([vm(SUB_A, 'vm-1', 'old'), vm(SUB_B, 'vm-2'), vm(SUB_A, 'vm-1', 'new')]);
    expect(table.size).toBe(2);
    expect(table.get(vm(SUB_A, 'vm-1').id)?.tag).toBe('new');
    expect(table.all().map((item) => item.tag)).toEqual(['new', '']);
  });
});
