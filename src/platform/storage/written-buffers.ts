/*
 * Buffers that go back to their maker once written.
 *
 * The sealing thread's output crosses to the event loop as buffers of their own; left to the
 * garbage collector, a buffer that waited for the disk across two minor collections is only
 * freed by a major one, and an upload of a few hundred MiB then starts one major collection after
 * the other (each marks the whole heap). A buffer given back instead (moved to the sealing thread
 * for its next output) leaves this thread's heap the moment it is written.
 *
 * The maker marks a buffer with `giveBackWhenWritten`; a writer that has written it and holds no
 * reference to it any more calls `written` once; a writer that passes it to several writers says
 * so with `writtenBy` first. A buffer nobody reports written is simply collected.
 */

/** Per marked buffer: how many writers have still to report it written, and what then gives it back. */
const marked = new WeakMap<Uint8Array, { writers: number; giveBack: () => void }>();

/** `giveBack` runs once every writer of `buffer` has written it (one, unless `writtenBy` says otherwise). */
export function giveBackWhenWritten(buffer: Uint8Array, giveBack: () => void): void {
  marked.set(buffer, { writers: 1, giveBack });
}

/** The writer of `buffer` hands it to `writers` writers, each of which reports it written once. */
export function writtenBy(buffer: Uint8Array, writers: number): void {
  const mark = marked.get(buffer);
  if (!mark) return;
  mark.writers += writers - 1;
  // No writer at all: nothing reads it again.
  if (mark.writers === 0) giveBackNow(buffer, mark);
}

/** A writer has written `buffer` (or given up on it) and holds no reference to it. */
export function written(buffer: Uint8Array): void {
  const mark = marked.get(buffer);
  if (mark && --mark.writers === 0) giveBackNow(buffer, mark);
}

function giveBackNow(buffer: Uint8Array, mark: { giveBack: () => void }): void {
  marked.delete(buffer);
  mark.giveBack();
}
