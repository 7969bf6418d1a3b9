// Reading a file an administrator (or anyone with write access to a directory) named: only a regular file.
// A FIFO would block the open or the read and hang a message; a device or /dev/stdin would read fd 0, the
// message itself. O_NONBLOCK keeps the open from waiting for a writer; fstat then refuses what is not a file.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** The whole file, if it is a regular one; throws (code ENOTREG when it is something else). */
export function readRegularFile(path: string, encoding: BufferEncoding = 'utf8'): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    return readFileSync(fd, encoding);
  } finally {
    closeSync(fd);
  }
}
