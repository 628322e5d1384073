import yazl from 'yazl';
import type { ExportFile } from './area-privacy.js';

/** The files as one zip in memory: one person's data is small (kilobytes to a few megabytes). */
export function zipOf(files: readonly ExportFile[], at: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) zip.addBuffer(Buffer.from(file.content, 'utf8'), file.name, { mtime: at });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
