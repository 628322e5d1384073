import { describe, expect, it } from 'vitest';
import { flattenTree, pathOf, subtreeIds } from './groupTree';

const groups = [
  { id: 'n', name: 'North', parentId: 's' },
  { id: 'c', name: 'Company', parentId: null },
  { id: 's', name: 'Sales', parentId: 'c' },
  { id: 'a', name: 'Accounting', parentId: 'c' },
  { id: 'h', name: 'HR', parentId: null },
];

describe('group tree', () => {
  it('lists depth-first with siblings by name', () => {
    expect(flattenTree(groups).map((r) => `${'-'.repeat(r.depth)}${r.group.name}`)).toEqual(['Company', '-Accounting', '-Sales', '--North', 'HR']);
  });

  it('knows the subtree a group cannot move into, and the path to a group', () => {
    expect([...subtreeIds(groups, 'c')].sort()).toEqual(['a', 'c', 'n', 's']);
    expect([...subtreeIds(groups, 'n')]).toEqual(['n']);
    expect(pathOf(groups, 'n')).toBe('Company › Sales › North');
  });
});
