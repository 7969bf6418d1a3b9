#!/bin/sh
# qqtag: the program named in QMAILQUEUE (and the admin CLI). A POSIX sh step before Node, because three things
# must be settled before Node starts (QMAIL-FACTS, NODE-FACTS):
#  - qmail-smtpd runs under softlimit (-m 3000000 and the like). Node aborts under a small address-space limit
#    and hangs under a small data limit. Any process may raise its soft limits up to the hard ones: do that.
#  - Node exits 12, 13 or 14 by itself on some failures, and qmail bounces mail on 11-40. The environment
#    qmail-smtpd passes on must not change how this node runs (NODE_OPTIONS=--snapshot-blob=... gives 14):
#    such variables are set aside here and restored for the queue program qqtag runs.
#  - Node opens fds of its own at start on the lowest free numbers, so whether the caller gave an fd 6
#    (notqmail's reply pipe), or closed fd 0, is known only here.
# dash starts in well under a millisecond; nothing below forks in the usual case.

# One log line and one summary line, as qqtag writes them, then exit. Only in queue mode.
fail() {
  case ${TCPREMOTEIP:--} in *[!0-9A-Fa-f.:-]*) ip='?' ;; *) ip=${TCPREMOTEIP:--} ;; esac
  echo "qqtag: $ip pid $$: error: $3" >&2
  echo "qqtag: $ip pid $$: info: done v=1 result=failed exit=$1 error=$2" >&2
  exit "$1"
}

# Soft limits up to the hard ones. Unlimited is what Node expects; where a hard limit is lower, take it and
# make sure it is enough: measured, qqtag needs ~1.2 GB of address space (V8 reserves it; it aborts below)
# and ~100 MB of data segment (below ~70 MB it aborts or hangs). The thresholds leave room for both.
low=
ulimit -S -v unlimited 2>/dev/null || low=1
ulimit -S -d unlimited 2>/dev/null || low=1
ulimit -S -s 8192 2>/dev/null || ulimit -S -s "$(ulimit -H -s)"
if [ -n "$low" ]; then
  as=$(ulimit -H -v) data=$(ulimit -H -d)
  ulimit -S -v "$as"
  ulimit -S -d "$data"
  if [ $# -eq 0 ]; then
    [ "$as" = unlimited ] || [ "$as" -ge 1500000 ] || fail 51 limits "hard address-space limit ${as} KiB is below the 1500000 KiB node needs: raise it (ulimit -H -v) for qmail-smtpd"
    [ "$data" = unlimited ] || [ "$data" -ge 262144 ] || fail 51 limits "hard data limit ${data} KiB is below the 262144 KiB node needs: raise it (ulimit -H -d) for qmail-smtpd"
  fi
fi

# Node's own settings from the environment: set aside, restored for the queue program (src/handoff.ts).
# OPENSSL_CONF among them: Node reads it at start, and one it cannot open makes it exit with the errno (13, 20,
# 40: codes qmail takes as permanent).
for v in NODE_OPTIONS NODE_EXTRA_CA_CERTS NODE_ICU_DATA NODE_V8_COVERAGE NODE_REDIRECT_WARNINGS NODE_DEBUG NODE_DEBUG_NATIVE NODE_COMPILE_CACHE NODE_CHANNEL_FD OPENSSL_CONF OPENSSL_MODULES OPENSSL_ENGINES; do
  eval "if [ -n \"\${$v+x}\" ]; then QQTAG_SAVED_$v=\$$v; export QQTAG_SAVED_$v; unset $v; fi"
done

if [ $# -eq 0 ]; then
  # fd 0 closed: qmail-queue's read fails (54). Node would open /dev/null there and queue an empty message.
  { true 9<&0; } 2>/dev/null || fail 54 message_read "fd 0 is closed: no message to read"
  # fd 6: pipe (notqmail's reply channel: our own reject text goes there), open (passed on), or closed.
  fd6=closed
  if { true 9>&6; } 2>/dev/null; then
    if [ -p /dev/fd/6 ]; then fd6=pipe; else fd6=open; fi
  fi
  # $$ is node's pid after exec: a copy of this variable inherited from elsewhere is told apart by it.
  QQTAG_LAUNCH="$$ fd6=$fd6"
  export QQTAG_LAUNCH
fi

# The bundle beside this file; an npm global install links bin/qqtag to ../lib/node_modules/qqtag/dist/qqtag
# (taken only when that is the very file $0 names: -ef, no fork); any other link is resolved with readlink.
js=${0%/*}/qqtag.cjs
if [ ! -f "$js" ]; then
  npm=${0%/*}/../lib/node_modules/qqtag/dist
  if [ "$0" -ef "$npm/qqtag" ]; then
    js=$npm/qqtag.cjs
  else
    js=$(readlink -f -- "$0")
    js=${js%/*}/qqtag.cjs
  fi
fi
# `qqtag is-tagged` runs in users' mail filters: a closed fd 0 is "cannot read the message" (111), not the
# empty /dev/null node would put there.
if [ "${1-}" = is-tagged ]; then
  { true 9<&0; } 2>/dev/null || { echo "qqtag: is-tagged: cannot read the message on fd 0: it is closed" >&2; exit 111; }
fi
node=${QQTAG_NODE:-node}
if ! command -v "$node" >/dev/null 2>&1; then
  [ $# -ne 0 ] || fail 81 node "cannot find $node on PATH ($PATH): qqtag needs Node 20 or later"
  echo "qqtag: cannot find $node on PATH: qqtag needs Node 20 or later" >&2
  exit 69
fi
exec "$node" "$js" "$@"
