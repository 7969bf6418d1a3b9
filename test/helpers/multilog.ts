// A small multilog stand-in for the tests: lines get a TAI64N label (from a clock the test controls) and go to
// `current`; rotate() moves `current` to `@<label>.s`, gzip'd if asked, as multilog plus a compressing
// processor leaves a log directory.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatTai64n } from '../../src/cli/audit/tai64n';

export class Multilog {
  constructor(readonly dir: string, public now: number) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'current'), '');
  }

  /** Writes each line of `text` with the current time's label, then moves the clock on by `stepMs`. */
  write(text: string, stepMs = 0): void {
    const lines = text.split('\n').filter((l) => l !== '');
    appendFileSync(join(this.dir, 'current'), lines.map((l) => `${formatTai64n(this.now)} ${l}\n`).join(''));
    this.now += stepMs;
  }

  /** current → @<label>.s (or .s.gz); a fresh empty current. Returns the rotated file's path. */
  rotate(gzip: boolean): string {
    const current = join(this.dir, 'current');
    const name = join(this.dir, `${formatTai64n(this.now)}.s`);
    if (gzip) {
      writeFileSync(`${name}.gz`, gzipSync(readFileSync(current)));
      rmSync(current);
    } else renameSync(current, name);
    writeFileSync(current, '');
    return gzip ? `${name}.gz` : name;
  }
}
