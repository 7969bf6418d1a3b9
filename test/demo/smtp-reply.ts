// What the sender sees for each exit code of the QMAILQUEUE program: qmail-smtpd sends qmail_close()'s text
// (qmail.c) after 554 when it starts with D, else after 451; 0 is "250 ok". The table of QMAIL-FACTS.md,
// "What the exit code becomes" (the same in netqmail and notqmail).

const TEXT: Record<number, string> = {
  11: 'Denvelope address too long for qq (#5.1.3)',
  31: 'Dmail server permanently rejected message (#5.3.0)',
  51: 'Zqq out of memory (#4.3.0)',
  52: 'Zqq timeout (#4.3.0)',
  53: 'Zqq write error or disk full (#4.3.0)',
  54: 'Zqq read error (#4.3.0)',
  55: 'Zqq unable to read configuration (#4.3.0)',
  56: 'Zqq trouble making network connection (#4.3.0)',
  61: 'Zqq trouble in home directory (#4.3.0)',
  62: 'Zqq trouble creating files in queue (#4.3.0)',
  71: 'Zmail server temporarily rejected message (#4.3.0)',
  72: 'Zconnection to mail server timed out (#4.4.1)',
  73: 'Zconnection to mail server rejected (#4.4.1)',
  74: 'Zcommunication with mail server failed (#4.4.2)',
  81: 'Zqq internal bug (#4.3.0)',
  91: 'Zqq internal bug (#4.3.0)',
  120: 'Zunable to exec qq (#4.3.0)',
};

function closeText(code: number): string {
  const text = TEXT[code === 115 ? 11 : code >= 63 && code <= 66 ? 62 : code];
  if (text) return text;
  return code >= 11 && code <= 40 ? 'Dqq permanent problem (#5.3.0)' : 'Zqq temporary problem (#4.3.0)';
}

/** The reply, e.g. "554 mail server permanently rejected message (#5.3.0)", and what it means for the sender. */
export function smtpReply(code: number | null, pid: string): { readonly reply: string; readonly meaning: string } {
  const retry = 'temporary: the sender retries later';
  if (code === null) return { reply: '451 qq crashed (#4.3.0)', meaning: retry };
  if (code === 0) return { reply: `250 ok ${Math.floor(Date.now() / 1000)} qp ${pid}`, meaning: 'accepted' };
  const text = closeText(code);
  if (text.startsWith('D')) return { reply: `554 ${text.slice(1)}`, meaning: 'permanent: the sender gets a bounce' };
  return { reply: `451 ${text.slice(1)}`, meaning: retry };
}
