// The group tree from the flat list the server sends; free of React so it can be unit-tested.

export interface TreeGroup {
  id: string;
  name: string;
  parentId: string | null;
}

export interface TreeRow<G extends TreeGroup> {
  group: G;
  depth: number;
}

/** Depth-first, siblings by name: the order in which the tree is shown and offered in pickers. */
export function flattenTree<G extends TreeGroup>(groups: readonly G[]): TreeRow<G>[] {
  const byParent = new Map<string | null, G[]>();
  const ids = new Set(groups.map((g) => g.id));
  for (const group of groups) {
    // A parent that is not in the list (cannot happen, but never lose a group): show it at the top.
    const parent = group.parentId !== null && ids.has(group.parentId) ? group.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), group]);
  }
  const rows: TreeRow<G>[] = [];
  const visit = (parentId: string | null, depth: number) => {
    const children = [...(byParent.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      rows.push({ group: child, depth });
      visit(child.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** The group and every group below it: where it cannot be moved to. */
export function subtreeIds(groups: readonly TreeGroup[], rootId: string): Set<string> {
  const result = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of groups) {
      if (group.parentId !== null && result.has(group.parentId) && !result.has(group.id)) {
        result.add(group.id);
        grew = true;
      }
    }
  }
  return result;
}

/** "Company › Sales › North": where a group sits. */
export function pathOf(groups: readonly TreeGroup[], id: string): string {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const names: string[] = [];
  let current = byId.get(id);
  while (current && names.length < 50) {
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' › ');
}
