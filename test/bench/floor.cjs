#!/usr/bin/env node
// The floor: the least any Node QMAILQUEUE program must do (Node cannot exec): read fd 0, then fd 1, to EOF; run the queue; wait; exit with its code.
'use strict';
const { readSync } = require('node:fs'), { spawn } = require('node:child_process');
const readAll = (fd, parts = [], b = Buffer.allocUnsafe(65536)) => {
  for (let n; (n = readSync(fd, b, 0, b.length, null)) > 0; ) parts.push(Buffer.from(b.subarray(0, n)));
  return Buffer.concat(parts);
};
const message = readAll(0), envelope = readAll(1);
const q = spawn(process.env.QQTAG_QMAILQUEUE, [], { stdio: ['pipe', 'pipe', 'inherit'] });
for (const s of [q.stdin, q.stdio[1]]) s.on('error', () => {});
q.stdin.end(message), q.stdio[1].end(envelope), q.on('exit', (code) => process.exit(code ?? 81));
