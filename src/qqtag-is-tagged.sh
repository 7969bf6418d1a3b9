#!/bin/sh
# qqtag-is-tagged: `qqtag is-tagged` in POSIX sh and awk, for delivery paths that should not start Node (each
# delivery then costs a millisecond or two). The same decision and exit codes as src/cli/is-tagged/tagged-lines.ts
# (the tests run both on the same messages, under mawk and gawk): fields of NAME above the first
# "Received: from " field; with none, only in the leading block of Return-Path / Delivered-To /
# "Received: (qmail N invoked" fields. CRLF and an mbox "From " first line understood; at most 256 KiB of header.
#   exit 0 tagged, 1 not (also when awk fails in any other way), 111 fd 0 cannot be read, 64 usage.
# Options: --header NAME (default X-Spam-Warning: no config is read), --read-all. Not here: --config, --match,
# --list. $QQTAG_AWK names the awk to run (default: awk). The program is kept free of single quotes.

usage() {
  echo "usage: qqtag-is-tagged [--header NAME] [--read-all]" >&2
  exit 64
}
header=X-Spam-Warning
read_all=0
while [ $# -gt 0 ]; do
  case $1 in
    --header) [ $# -ge 2 ] || usage; header=$2; shift 2 ;;
    --header=*) header=${1#--header=}; shift ;;
    --read-all) read_all=1; shift ;;
    *) usage ;;
  esac
done
# A closed fd 0 would read as an empty message, and gawk skips a directory as if it were empty: both are
# "cannot read" (qmail's 111: the delivery is deferred), as in qqtag is-tagged.
cannot_read() {
  echo "qqtag-is-tagged: cannot read the message on fd 0: $1" >&2
  exit 111
}
{ true 9<&0; } 2>/dev/null || cannot_read "it is closed"
[ ! -d /dev/stdin ] || cannot_read "it is a directory"

# Bytes, not characters (gawk counts characters in a UTF-8 locale). The header name goes through the environment:
# awk -v would interpret backslashes in it.
LC_ALL=C QQTAG_HEADER=$header QQTAG_READ_ALL=$read_all ${QQTAG_AWK:-awk} '
BEGIN {
  want = ENVIRON["QQTAG_HEADER"]
  readall = ENVIRON["QQTAG_READ_ALL"] == "1"
  cap = 262144
  if (want !~ /^[!-9;-~]+$/ || length(want) > 76) {
    print "qqtag-is-tagged: --header: not a header field name: " want > "/dev/stderr"
    status = 64
    exit
  }
  want = tolower(want)
  n = 0
  done = 0
}
done { if (readall) next; exit }
{
  used += length($0) + 1
  if (used > cap) { done = 1; if (readall) next; exit }
  line = $0
  if (NR == 1 && substr(line, 1, 5) == "From ") next
  sub(/\r$/, "", line)
  c = substr(line, 1, 1)
  if (c == " " || c == "\t") {
    if (n > 0) { text[n] = text[n] line; next }
  } else if (match(line, /^[!-9;-~]+[ \t]*:/)) {
    n++
    nm = substr(line, 1, RLENGTH - 1)
    sub(/[ \t]+$/, "", nm)
    name[n] = tolower(nm)
    text[n] = substr(line, RLENGTH + 1)
    next
  }
  done = 1
  if (readall) next
  exit
}
END {
  if (status != "") exit status
  smtp = 0
  for (i = 1; i <= n; i++) {
    sub(/^[ \t]+/, "", text[i])
    sub(/[ \t]+$/, "", text[i])
    if (!smtp && name[i] == "received" && tolower(text[i]) ~ /^from[ \t]/) smtp = i
  }
  if (smtp) limit = smtp - 1
  else for (limit = 0; limit < n; limit++) {
    f = name[limit + 1]
    if (f != "return-path" && f != "delivered-to" && f != want && !(f == "received" && text[limit + 1] ~ /^\(qmail [0-9]+ invoked /)) break
  }
  found = 0
  for (i = 1; i <= limit; i++) if (name[i] == want) found++
  exit found ? 0 : 1
}'
status=$?
case $status in
  0 | 1 | 64) exit $status ;;
  2) exit 111 ;; # mawk and gawk exit 2 on a fatal error: for this program, a failed read of fd 0
  *) exit 1 ;;
esac
