// Makes a remote command die with its SSH channel. Without a PTY, closing the channel does not
// stop the remote process, and OpenSSH refuses SSH "signal" requests for root logins (the
// session runs in the privileged monitor). So the command runs under a small /bin/sh watchdog:
//
//   - sshd starts the login shell as a process group leader; `exec /bin/sh` keeps that pid, so
//     the watchdog leads the group that the command and all its children belong to;
//   - a background reader waits for EOF on the channel's stdin, which sshd delivers when we send
//     EOF or close the channel, and then kills the whole process group;
//   - the command itself runs in the user's login shell ($SHELL -c, as sshd would run it), with
//     stdin from /dev/null (as `ssh -n`), and the watchdog exits with its status;
//   - on a normal exit the reader is stopped first, so background jobs the command started on
//     purpose (nohup ... &) live on, as with plain ssh.
//
// Trade-offs: needs /bin/sh and a login shell that parses POSIX sh (bash, dash, zsh, ksh; not
// fish or csh); a command killed by a signal reports exit status 128+N instead of the signal;
// the command sees no stdin; processes that leave the process group (setsid) escape the kill.
// commandWatchdog: false turns this off and leaves only the SSH signal request.

const WATCHDOG_SCRIPT =
  'exec 3<&0 </dev/null; ' +
  '( while read -r _ <&3; do :; done; kill -s KILL 0 ) >/dev/null 2>&1 & ' +
  'reader=$!; ' +
  'exec 3<&-; ' +
  '"${SHELL:-/bin/sh}" -c "$1"; ' +
  'status=$?; ' +
  'kill "$reader" 2>/dev/null; ' +
  'exit "$status"';

/** Quotes `text` as one POSIX shell word. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line to send so that `command` runs unchanged but dies with the channel. */
export function withWatchdog(command: string): string {
  return `exec /bin/sh -c ${shellQuote(WATCHDOG_SCRIPT)} gatehouse-watchdog ${shellQuote(command)}`;
}
