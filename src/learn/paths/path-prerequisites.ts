import { AppError } from '../../platform/http/index.js';

export interface PathStep {
  courseId: string;
  prerequisites: readonly string[];
}

/**
 * The steps as they are stored: each prerequisite once. Refuses a course twice in the path, a
 * prerequisite that is not another course of the path, and prerequisites that wait for each
 * other in a circle (every course on the circle is named, so the editor shows where).
 */
export function checkedSteps<Step extends PathStep>(steps: readonly Step[]): Step[] {
  const positions = new Map<string, number>();
  const duplicates = steps.flatMap((step, index) => {
    if (positions.has(step.courseId)) return [{ field: `courses.${index}.courseId`, value: step.courseId }];
    positions.set(step.courseId, index);
    return [];
  });
  if (duplicates.length > 0) throw new AppError('LEARN_PATH_DUPLICATE_COURSE', duplicates);

  const strangers = steps.flatMap((step, index) =>
    step.prerequisites.filter((id) => !positions.has(id)).map((id) => ({ field: `courses.${index}.prerequisites`, value: id })),
  );
  if (strangers.length > 0) throw new AppError('LEARN_PATH_PREREQUISITE_NOT_IN_PATH', strangers);

  const unique = steps.map((step) => ({ ...step, prerequisites: [...new Set(step.prerequisites)] }));
  const onCycle = coursesOnCycles(unique);
  if (onCycle.size > 0) {
    throw new AppError(
      'LEARN_PATH_PREREQUISITE_CYCLE',
      unique.flatMap((step, index) => (onCycle.has(step.courseId) ? [{ field: `courses.${index}.prerequisites`, value: step.courseId }] : [])),
    );
  }
  return unique;
}

/**
 * The courses that lie on a circle of prerequisites (a course that requires itself too):
 * Tarjan's strongly connected components, a component of two or more courses or one with a
 * self-loop being a circle. Iterative, so a long chain cannot overflow the stack.
 */
function coursesOnCycles(steps: readonly PathStep[]): Set<string> {
  const edges = new Map(steps.map((step) => [step.courseId, step.prerequisites]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result = new Set<string>();
  let counter = 0;

  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || targets.includes(frame.node)) for (const id of component) result.add(id);
    }
  }
  return result;
}
