import { describe, expect, it } from 'vitest';
import { storedFile } from './export-files.js';

describe('a stored file of a data export', () => {
  it('stays one entry of its folder whatever name the person gave the upload', () => {
    const hash = 'a'.repeat(64);
    expect(storedFile('comment-attachments', 'id1', '../../etc/passwd', hash).name).toBe('comment-attachments/id1-.._.._etc_passwd');
    expect(storedFile('comment-attachments', 'id1', 'C:\\Users\\rita\\shot?.png', hash).name).toBe('comment-attachments/id1-C__Users_rita_shot_.png');
    expect(storedFile('comment-attachments', 'id1', 'line\nbreak\u0000.png', hash).name).toBe('comment-attachments/id1-line_break_.png');
    expect(storedFile('comment-attachments', 'id1', '   ', hash).name).toBe('comment-attachments/id1-file');
    expect(storedFile('comment-attachments', 'id1', 'x'.repeat(500), hash).name).toHaveLength('comment-attachments/id1-'.length + 120);
    expect(storedFile('f', 'k', 'a.png', hash).blobHash).toBe(hash);
  });
});
