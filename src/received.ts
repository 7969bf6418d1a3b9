// qmail-smtpd's own Received field, the first lines of fd 0 (qmail received.c):
//   Received: from <TCPREMOTEHOST or unknown> (HELO <helo>) ([<TCPREMOTEINFO>@]<TCPREMOTEIP>)
//     by <local> with SMTP; 26 Nov 2026 05:16:25 -0000
// "(HELO x)" is absent when the HELO equals the host name (case-insensitively). qmail writes it, so it is the one
// header a sender cannot forge — trusted only when it is the very first field and names TCPREMOTEIP.
// Any Received further down may be the sender's.

export interface OwnReceived {
  readonly host: string; // TCPREMOTEHOST as qmail-smtpd saw it, "unknown" when unset
  readonly helo: string;
}

const FIRST_LINE_MAX = 2048; // qmail-smtpd's HELO is bounded by its line length; anything longer is not ours
// Linear: each group is a run of characters that cannot be the delimiter that ends it.
const OWN = /^Received: from ([^\s()]*) (?:\(HELO ([^\s()]*)\) )?\((?:[^\s()@]*@)?([0-9A-Fa-f.:]+)\)\n {2}by /;

/** `clientIps`: the client as parsed and TCPREMOTEIP as tcpserver wrote it (qmail-smtpd names the latter). */
export function parseOwnReceived(head: Buffer, clientIps: readonly string[]): OwnReceived | undefined {
  if (!clientIps.some(Boolean) || head.length < 20 || head.toString('latin1', 0, 15) !== 'Received: from ') return undefined;
  const m = OWN.exec(head.toString('latin1', 0, Math.min(head.length, FIRST_LINE_MAX)));
  const named = m?.[3]?.toLowerCase();
  if (!m || !clientIps.some((ip) => ip && ip.toLowerCase() === named)) return undefined;
  const host = m[1] ?? '';
  return { host, helo: m[2] ?? host };
}
