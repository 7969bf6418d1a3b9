// What qqtag check knows of a message and its SMTP session, and nothing more: the saved message (with CRLF line
// ends turned into LF, as qmail-smtpd turns them before qmail-queue sees them), the client only from --ip (never
// guessed from Received: lines, which the sender can write), the HELO from --helo or from qmail-smtpd's own first
// Received line when it names --ip (the way queue mode reads it), the envelope only from --from and --rcpt.
import { readFileSync } from 'node:fs';
import { parseClientIp } from '../../client-ip';
import type { Envelope } from '../../envelope';
import { parseOwnReceived } from '../../received';

export interface MessageInput {
  readonly name: string; // the path, or "-" for stdin
  readonly bytes: Buffer; // as qmail-queue would get it
  readonly converted: number; // CRLF pairs turned into LF
}

export interface Client {
  readonly ip: string; // '' when --ip is not given
  readonly helo: string | undefined;
  readonly heloFrom: 'option' | 'received' | undefined;
  /** TCPREMOTEHOST as qmail-smtpd's environment would hold it: '' = unset (no reverse DNS); undefined = unknown. */
  readonly host: string | undefined;
  readonly hostFrom: 'environment' | 'received' | undefined;
}

/** Every CR LF pair becomes LF (qmail-smtpd's blast()); a lone CR or LF stays as it is. */
export function toQmailLineEnds(raw: Buffer): { bytes: Buffer; converted: number } {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = raw.indexOf('\r\n'); at >= 0; at = raw.indexOf('\r\n', at + 2)) {
    parts.push(raw.subarray(from, at));
    from = at + 1; // keep the LF
  }
  if (parts.length === 0) return { bytes: raw, converted: 0 };
  parts.push(raw.subarray(from));
  return { bytes: Buffer.concat(parts), converted: parts.length - 1 };
}

/** The message file, or stdin for "-" (fd 0 read to its end). Throws what fs throws. */
export function readMessage(name: string): MessageInput {
  const raw = readFileSync(name === '-' ? 0 : name);
  return { name, ...toQmailLineEnds(raw) };
}

/** "<a@b>" or "a@b" -> the address as qmail-smtpd puts it into the envelope; "" and "<>" are the null sender. */
const bareAddress = (text: string): string => text.trim().replace(/^<(.*)>$/, '$1');

export function makeEnvelope(from: string | undefined, rcpts: readonly string[]): Envelope {
  const sender = Buffer.from(bareAddress(from ?? ''), 'latin1');
  const recipients = rcpts.map((r) => Buffer.from(bareAddress(r), 'latin1'));
  const raw = Buffer.concat([Buffer.from('F'), sender, Buffer.from([0]), ...recipients.flatMap((r) => [Buffer.from('T'), r, Buffer.from([0])]), Buffer.from([0])]);
  return { sender, recipients, raw };
}

/** The client address as queue mode reads TCPREMOTEIP, or undefined when the text is not an address. */
export function parseIpOption(text: string): string | undefined {
  const ip = parseClientIp(text).address;
  return ip === '' ? undefined : ip;
}

export function findClient(message: Buffer, ip: string, given: string, helo: string | undefined, env: NodeJS.ProcessEnv): Client {
  const own = ip ? parseOwnReceived(message, [ip, given]) : undefined;
  const envHost = env['TCPREMOTEHOST'];
  // qmail-smtpd writes "unknown" where TCPREMOTEHOST was unset: tcpserver found no name for the client.
  const host = envHost !== undefined ? envHost : own ? (own.host === 'unknown' ? '' : own.host) : undefined;
  const hostFrom = envHost !== undefined ? 'environment' : own ? 'received' : undefined;
  if (helo !== undefined) return { ip, helo, heloFrom: 'option', host, hostFrom };
  return { ip, helo: own?.helo, heloFrom: own ? 'received' : undefined, host, hostFrom };
}
