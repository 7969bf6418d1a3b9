# The copy row's baseline, run as `sh cat-queue.sh`: the least a spooling wrapper does, in shell. cat copies
# fd 0 into a file, which becomes the real queue's fd 0 (unlinked at once); the queue inherits fd 1 (envelope).
t="${TMPDIR:-/tmp}/cat-queue.$$"
cat >"$t" || exit 53
exec <"$t" || exit 53
rm -f "$t"
exec "$QQTAG_QMAILQUEUE"
