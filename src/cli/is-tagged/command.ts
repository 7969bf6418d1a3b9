// qqtag is-tagged: does the delivered message on fd 0 carry lines that qqtag added? The test users put in their
// filters (condredirect, maildrop, procmail, Sieve: docs/filtering.md). Its own bundle (dist/cli-is-tagged.cjs),
// so a delivery pays for nothing else of the CLI.
// Exit codes are the filters' contract: 0 tagged, 1 not, 111 only when fd 0 cannot be read (condredirect then
// defers the delivery). Anything that goes wrong inside is answered 1: the message is delivered as if untagged,
// never held back (a bug answered 111 would defer every message until it bounces).
import { DEFAULT_CONFIG_PATH, FD_MESSAGE } from '../../contract';
import { loadLazy } from '../../lazy';
import { EXIT, stringOf, type Args, type Command } from '../command';
import type { Output } from '../output';
import { headerNameFromConfig } from './header-name';
import { HEAD_CAP, readHead } from './read-head';
import { taggedLines } from './tagged-lines';

const DEFER = 111; // qmail-command(8): a temporary failure; condredirect and qmail-local defer the delivery
const HEADER_NAME = /^[!-9;-~]{1,76}$/; // RFC 5322 ftext, as the config's `header`

/** A line's text as the user wrote it: 8-bit bytes as UTF-8, RFC 2047 encoded-words decoded (libmime, lazily). */
function decodeText(raw: string): string {
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return utf8.includes('=?') ? loadLazy('mime').decodeWords(utf8) : utf8;
}

async function decide(args: Args, out: Output): Promise<number> {
  const { values } = args;
  const name = stringOf(values, 'header') || headerNameFromConfig(stringOf(values, 'config') || process.env['QQTAG_CONFIG']);
  if (!HEADER_NAME.test(name)) {
    out.error(`is-tagged: --header: not a header field name: ${name}`);
    return EXIT.usage;
  }
  const source = stringOf(values, 'match');
  const pattern = source ? loadLazy('re2').compilePattern(source) : undefined;
  if (typeof pattern === 'string') {
    out.error(`is-tagged: --match: not a valid RE2 pattern: ${pattern}`);
    return EXIT.usage;
  }
  const read = await readHead(FD_MESSAGE, values['read-all'] === true);
  if (!read.ok) {
    out.error(`is-tagged: cannot read the message on fd 0: ${read.cause}`);
    return DEFER;
  }
  const raw = taggedLines(read.head, name);
  if (!pattern && values['list'] !== true) return raw.length > 0 ? EXIT.ok : EXIT.problems;
  const texts = raw.map(decodeText).filter((t) => !pattern || pattern.test(t));
  if (values['list'] === true && texts.length > 0) out.print(texts.join('\n'));
  return texts.length > 0 ? EXIT.ok : EXIT.problems;
}

export const command: Command = {
  synopsis: 'is-tagged [--header NAME] [--config FILE] [--match PATTERN] [--list] [--read-all]',
  help: `Reads a delivered message on fd 0 and exits 0 when it carries lines that qqtag added, 1 when not.
Only fields above the first "Received: from " field count (qmail-smtpd's: everything below it the sender
wrote, so a forged line, a line in the body or in an attached message never counts). A message with no such
field (not received by SMTP) counts only lines in its leading block of Return-Path, Delivered-To and
"Received: (qmail N invoked ...)" fields. CRLF line ends and an mbox "From " first line are understood.

  --header NAME    the name of qqtag's lines; default: the config's \`header\` when the config can be read,
                   else X-Spam-Warning (an unreadable or invalid config is not an error)
  --config FILE    the config to take the name from (default $QQTAG_CONFIG, else ${DEFAULT_CONFIG_PATH})
  --match PATTERN  only lines whose text (after "NAME: ", unfolded, encoded-words decoded) matches PATTERN,
                   RE2 syntax, e.g. --match 'listed in Spamhaus' to file by list
  --list           print the texts of those lines, unfolded, one per line
  --read-all       read fd 0 to its end (Dovecot Sieve's execute :pipe fails when a program stops early)

Only the header is read, at most ${HEAD_CAP / 1024} KiB of it: fields beyond that are treated as if the header ended there.
Exit status: 0 tagged (and matched), 1 not (also when something fails inside: the message is then delivered normally),
111 fd 0 cannot be read (condredirect defers the delivery), 64 a mistake on the command line.
See docs/filtering.md for recipes: never run it directly as a .qmail "|" line, where 1 would defer.`,
  options: {
    header: { type: 'string' },
    config: { type: 'string' },
    match: { type: 'string' },
    list: { type: 'boolean' },
    'read-all': { type: 'boolean' },
  },
  async run(args, out) {
    try {
      return await decide(args, out);
    } catch (err) {
      out.error(`is-tagged: internal bug, answering "not tagged": ${err instanceof Error ? err.message : String(err)}`);
      return EXIT.problems;
    }
  },
};
