// The CLI's only way to the terminal: stdout for results, stderr for errors. Queue mode never loads this.
export interface Output {
  print(text: string): void; // a line (or lines) of results
  error(text: string): void; // "qqtag: " + text, on stderr
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly interactive: boolean;
}

export const consoleOutput: Output = {
  print: (text) => void process.stdout.write(`${text}\n`),
  error: (text) => void process.stderr.write(`qqtag: ${text}\n`),
  get interactive() {
    return process.stderr.isTTY === true;
  },
};
