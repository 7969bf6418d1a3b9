// qqtag lists test|status: the DNS lists' RFC 5782 self-test, run now, and the zone health that queue mode shares
// between messages (src/health/). Its own bundle (dist/cli-lists.cjs): it loads the DNS client and the TOML config.
import { DEFAULT_CONFIG_PATH } from '../../contract';
import { DEFAULT_CONFIG, formatConfigIssue, type Config } from '../../config';
import { readRegularFile } from '../../regular-file';
import { parseConfig } from '../../config-parse';
import { describeError } from '../../errno-text';
import { EXIT, stringOf, type Command } from '../command';
import type { Output } from '../output';
import { runListsStatus } from './lists-status';
import { runListsTest } from './lists-test';

/** --config, else $QQTAG_CONFIG, else the default path (which alone may be absent: the built-in defaults). */
function loadConfig(file: string, explicit: boolean, out: Output): Config | undefined {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    out.error(`config ${file}: cannot read: ${describeError(err)}`);
    return undefined;
  }
  const parsed = parseConfig(text, file);
  if (parsed.ok) return parsed.value;
  out.error(formatConfigIssue(parsed.issue));
  return undefined;
}

export const command: Command = {
  synopsis: 'lists test|status [--config FILE] [--json]',
  help: `lists test: queries the RFC 5782 test points of every configured DNS list now (IPv4 lists: 127.0.0.2 must be
listed, 127.0.0.1 must not; IPv6 lists: ::FFFF:7F00:2 / ::FFFF:7F00:1; domain lists: TEST / INVALID) through
[dns] servers, within [dns] deadline_ms, and prints per list and family: label, zone (never a paid-feed key),
the answers to each test point, ms, and the verdict:
  ok          both test points answered as RFC 5782 says
  broken      the point that must never be listed is listed: the list answers "listed" for everything
  refused     refusal codes (127.255.255.x and the like): the list will not serve this resolver
  no_answer   a timeout or SERVFAIL
  incomplete  the first point is not listed (the list ignores RFC 5782 section 5, or codes exclude it): harmless
Exit status: 0 every list answers as it should; 1 any list is broken, refused or not answering (for cron, and
for the day a list is added).

lists status: the zone health queue mode shares between messages ([health] state_dir): per list healthy,
backing off until ..., or broken since ..., and its last self-test. Exit 69 when state_dir is unusable.

--config FILE   the config (default: $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH}); exit 78 when it is invalid
--json          JSON instead of the table`,
  options: { config: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(args, out) {
    const verb = args.positionals[0];
    if (verb !== 'test' && verb !== 'status') {
      out.error(`lists: ${verb ?? ''}: not test or status`);
      out.error(`usage: qqtag ${command.synopsis} (qqtag help lists for more)`);
      return EXIT.usage;
    }
    const given = stringOf(args.values, 'config') || process.env['QQTAG_CONFIG'] || '';
    const config = loadConfig(given || DEFAULT_CONFIG_PATH, given !== '', out);
    if (!config) return EXIT.config;
    const json = args.values['json'] === true;
    return verb === 'test' ? runListsTest(config, json, out) : runListsStatus(config, json, out);
  },
};
