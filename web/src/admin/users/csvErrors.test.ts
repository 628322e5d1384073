import { describe, expect, it } from 'vitest';
import { importProblems, isImportColumn } from './csvErrors';

describe('importProblems', () => {
  it('reads the line and column of each problem', () => {
    expect(
      importProblems([
        { field: 'row 3: email', message: 'not a valid e-mail address' },
        { field: 'row 3: roles', message: 'unknown role' },
      ]),
    ).toEqual([
      { line: 3, column: 'email', message: 'not a valid e-mail address' },
      { line: 3, column: 'roles', message: 'unknown role' },
    ]);
  });

  it('puts problems of the whole file first and sorts by line, keeping the order within a line', () => {
    const problems = importProblems([
      { field: 'row 7: lastName', message: 'b' },
      { field: 'row 2: firstName', message: 'a' },
      { field: 'row 0: file', message: 'no user rows' },
      { field: 'row 7: email', message: 'c' },
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [undefined, 'file'],
      [2, 'firstName'],
      [7, 'lastName'],
      [7, 'email'],
    ]);
  });

  it('reports a header problem on line 1 and keeps a field it cannot read as it is', () => {
    expect(importProblems([{ field: 'row 1: email', message: 'column missing in the header row' }])).toEqual([
      { line: 1, column: 'email', message: 'column missing in the header row' },
    ]);
    expect(importProblems([{ field: '(root)', message: 'Expected string' }])).toEqual([
      { line: undefined, column: '(root)', message: 'Expected string' },
    ]);
  });
});

describe('isImportColumn', () => {
  it('knows the columns of the import', () => {
    expect(isImportColumn('firstName')).toBe(true);
    expect(isImportColumn('file')).toBe(false);
  });
});
