import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { ExportFile } from './area-privacy.js';

/**
 * The files as one zip, streamed: text files from memory, stored files read from the blob store one
 * at a time when their turn comes (a person's attachments may be many megabytes; none is held whole).
 * A stored file that cannot be read after all ends the stream with its error.
 */
export function zipStreamOf(files: readonly ExportFile[], at: Date, openBlob: (blobHash: string) => Promise<Readable>): Readable {
  const zip = new yazl.ZipFile();
  // yazl's output is a PassThrough (its types say only ReadableStream).
  const output = zip.outputStream as Readable;
  for (const file of files) {
    if ('content' in file) {
      zip.addBuffer(Buffer.from(file.content, 'utf8'), file.name, { mtime: at });
      continue;
    }
    zip.addReadStreamLazy(file.name, { mtime: at }, (done) => {
      openBlob(file.blobHash).then((stream) => done(null, stream), (error: unknown) => done(error, undefined as never));
    });
  }
  zip.on('error', (error: Error) => output.destroy(error));
  zip.end();
  return output;
}
