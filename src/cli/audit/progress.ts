// The progress line on a terminal's stderr while large inputs are read: rewritten in place (\r) at most four
// times a second, cleared at the end. Only made when stderr is a terminal (Output.interactive).

export interface Progress {
  file(path: string): void;
  update(lines: number, bytes: number): void;
  done(): void;
}

const INTERVAL_MS = 250;

export function terminalProgress(write: (text: string) => void, now: () => number = Date.now): Progress {
  const started = now();
  let last = 0;
  let current = '';
  let shown = false;
  return {
    file(path) {
      current = path;
    },
    update(lines, bytes) {
      const t = now();
      if (t - last < INTERVAL_MS) return;
      last = t;
      const secs = (t - started) / 1000;
      const name = current.length > 40 ? `…${current.slice(-39)}` : current;
      write(`\rqqtag audit: ${lines} lines, ${(bytes / 1048576).toFixed(0)} MiB, ${secs.toFixed(1)} s: ${name}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
