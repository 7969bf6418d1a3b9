// qqtag check-config [--as USER] [FILE]: everything about a config that can be known before it is deployed —
// its syntax and keys (every problem, not only the first), and what would fail at delivery (config-file.ts,
// deployment.ts). Config errors exit 78 (queue mode would not use the file); a valid config that would still
// fail at delivery exits 1.
import { DEFAULT_CONFIG_PATH, DEFAULT_QMAIL_QUEUE } from '../../contract';
import { formatConfigIssue } from '../../config';
import { EXIT, stringOf, type Command } from '../command';
import { configFileOf, readConfigFile } from './config-file';
import { Deployment } from './deployment';
import { catalogueNotes } from './catalogue';
import { lookUpUser } from './access';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const command: Command = {
  synopsis: 'check-config [--as USER] [FILE]',
  help: `Checks FILE (default: $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}) and everything it refers to, as
messages would meet them:
  - the TOML syntax and every key: all problems, each on its own line as "config FILE:LINE: KEY: what to do";
  - a [[dnsbl]], [[dnswl]] or [[rhsbl]] zone that looks like a paid feed's account key (KEY.zen.dq.spamhaus.net)
    needs a label, or the key would appear in headers and logs;
  - every [[local]] file exists and each of its lines is an entry ("LIST:LINE: ..." for those that are not);
  - spool_dir (not set: /tmp) is a directory this user may write: every message uses it;
  - qmail_queue (not set: ${DEFAULT_QMAIL_QUEUE}) is an executable file.
Options:
  --as USER   also check that USER, the user qmail-smtpd runs as (tcpserver -u; usually qmaild), may read FILE,
              FILE.compiled and the list files, write spool_dir and run qmail_queue: by permission bits, through
              every directory on the way, with USER's uid and its group \`id -g USER\` only (tcpserver -u/-g gives
              qmail-smtpd no supplementary groups). ACLs are not read. Without --as this is not checked, and the
              output says so.
Notes (not problems) on stdout: a [[dnsbl]] or [[rhsbl]] zone that is not in dnsbl-lookup's catalogue of public
lists (misspelt? a misspelt zone never lists anything), and that the qmail-smtpd user was not checked.
Problems go to stderr, one a line; the last line on stdout says "ok" or how many problems there are.
Exit status: 0 no problems; 1 the config is valid but would fail at delivery (a list file missing or with bad
lines, spool_dir, qmail_queue, or what --as USER may not do); 78 the config itself is invalid or unreadable
(queue mode would not use it; config errors win over delivery problems); 64 usage (also: no such USER).`,
  options: { as: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run(args, out) {
    const as = stringOf(args.values, 'as');
    const user = as ? lookUpUser(as) : undefined;
    if (as && !user) {
      out.error(`check-config: --as ${as}: no such user`);
      return EXIT.usage;
    }
    const file = configFileOf(args);
    const read = readConfigFile(file);
    for (const issue of read.issues) out.error(formatConfigIssue(issue));
    const deployment = new Deployment(file, read.source ?? '', read.data);
    if (read.source !== undefined) {
      deployment.checkLists();
      deployment.checkSpoolAndQueue();
      if (user) deployment.checkUser(user);
    }
    for (const problem of deployment.problems) out.error(problem);
    if (read.source !== undefined) for (const note of catalogueNotes(file, read.source, read.data)) out.print(note);
    if (!user) out.print('note: the qmail-smtpd user is unknown, so whether it may read these files, write spool_dir and run qmail_queue was not checked: give --as USER (tcpserver -u in the run script, usually qmaild)');
    const errors = read.issues.length;
    const problems = deployment.problems.length;
    if (errors + problems === 0) {
      out.print(`${file}: ok`);
      return EXIT.ok;
    }
    out.print(`${file}: ${count(errors, 'config error', 'config errors')}, ${count(problems, 'problem', 'problems')} at delivery`);
    return errors > 0 ? EXIT.config : EXIT.problems;
  },
};
