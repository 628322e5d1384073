import { describe, expect, it } from 'vitest';
import { uploadProblems } from './uploadProblems';

describe('uploadProblems', () => {
  it('reads report items without their code, and labels the zip facts it knows', () => {
    expect(
      uploadProblems([
        { field: 'error LEARN_MANIFEST_LAUNCH_MISSING (item SCO-2)', message: 'Eine im Manifest genannte Startdatei ist nicht im Zip-Archiv. start.html' },
        { field: 'warning LEARN_MANIFEST_FILE_MISSING (resource R (1))', message: 'Eine Datei fehlt.' },
        { field: 'entry', message: 'Kurs/../evil.txt' },
        { field: 'somethingElse', message: 'x' },
      ]),
    ).toEqual([
      { kind: 'report', severity: 'error', where: 'item SCO-2', message: 'Eine im Manifest genannte Startdatei ist nicht im Zip-Archiv. start.html' },
      { kind: 'report', severity: 'warning', where: 'resource R (1)', message: 'Eine Datei fehlt.' },
      { kind: 'field', label: 'entry', field: 'entry', message: 'Kurs/../evil.txt' },
      { kind: 'field', label: null, field: 'somethingElse', message: 'x' },
    ]);
  });
});
