// The CLI's only way to the terminal: stdout for results, stderr for errors. Queue mode never loads this.
export interface Output {
  print(line: string): void;
  error(line: string): void;
}

export const consoleOutput: Output = {
  print: (line) => void process.stdout.write(`${line}\n`),
  error: (line) => void process.stderr.write(`qqtag: ${line}\n`),
};
