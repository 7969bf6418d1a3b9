// What the launcher (src/launcher.sh) learnt before Node started and took fds of its own: whether the caller
// gave an fd 6. QQTAG_LAUNCH="<pid> fd6=pipe|open|closed"; the pid is ours only when the launcher exec'd this
// very process, so a copy inherited from elsewhere (a chained qqtag, tcprules) is not believed.
export type Fd6 = 'pipe' | 'open' | 'closed' | 'unknown'; // unknown: started without the launcher

export function readFd6(env: NodeJS.ProcessEnv): Fd6 {
  const m = /^(\d+) fd6=(pipe|open|closed)$/.exec(env['QQTAG_LAUNCH'] ?? '');
  return m && Number(m[1]) === process.pid ? (m[2] as Fd6) : 'unknown';
}
