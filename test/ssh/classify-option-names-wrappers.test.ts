// The options of the wrappers that run a command given in their arguments (sudo, timeout, nice,
// chrt, nsenter, systemd-run, xargs, strace, ...), name by name and written out here, not read from the
// classifier's table. An option the classifier forgot is unknown: the line turns uncertain (a
// <dynamic> command beside the real one) or the option's value is taken for the command.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(() => initShellParser());

interface Wrapper {
  /** Operands before the command (timeout's duration, chroot's directory). */
  skip?: string;
  flags?: string;
  values?: string;
  /** Letters whose value may only be attached: alone, they take none. */
  optional?: string;
  longFlags?: string[];
  longValues?: string[];
  /** Options with which the wrapper runs no command. */
  none?: string[];
}

const WRAPPERS: Record<string, Wrapper> = {
  sudo: {
    flags: 'AbEeHhiKklnPSsVvNB',
    values: 'CDgpRrTtUu',
    longFlags: ['askpass', 'background', 'bell', 'edit', 'help', 'login', 'remove-timestamp', 'reset-timestamp', 'list', 'non-interactive', 'preserve-groups',
      'stdin', 'shell', 'validate', 'version', 'preserve-env'],
    longValues: ['chdir', 'close-from', 'group', 'host', 'prompt', 'chroot', 'role', 'type', 'command-timeout', 'other-user', 'user', 'login-class'],
    none: ['e', 'edit', 'K', 'remove-timestamp'],
  },
  doas: { flags: 'nsL', values: 'uC', none: ['C'] },
  pkexec: { longFlags: ['disable-internal-agent', 'keep-cwd', 'help', 'version'], longValues: ['user'] },
  nohup: { longFlags: ['help', 'version'] },
  timeout: { skip: '5', flags: 'v', values: 'sk', longFlags: ['preserve-status', 'foreground', 'verbose'], longValues: ['signal', 'kill-after'] },
  nice: { flags: '0123456789', values: 'n', longValues: ['adjustment'] },
  ionice: { flags: 't', values: 'cnpPu', longFlags: ['ignore'], longValues: ['class', 'classdata', 'pid', 'pgid', 'uid'], none: ['p', 'P', 'u', 'pid', 'pgid', 'uid'] },
  time: { flags: 'pvaq', values: 'fo', longFlags: ['portability', 'verbose', 'append', 'quiet', 'help', 'version'], longValues: ['format', 'output'] },
  command: { flags: 'pvV', none: ['v', 'V'] },
  exec: { flags: 'cl', values: 'a' },
  unbuffer: { flags: 'p' },
  stdbuf: { values: 'ioe', longValues: ['input', 'output', 'error'] },
  setsid: { flags: 'cfw', longFlags: ['ctty', 'fork', 'wait'] },
  chroot: { skip: '/mnt', longFlags: ['skip-chdir'], longValues: ['userspec', 'groups'] },
  taskset: { skip: '0x1', flags: 'acp', longFlags: ['all-tasks', 'cpu-list', 'pid'], none: ['p', 'pid'] },
  chrt: {
    skip: '10',
    flags: 'abdefimoprRv',
    values: 'TPD',
    longFlags: ['all-tasks', 'batch', 'deadline', 'fifo', 'idle', 'max', 'other', 'pid', 'rr', 'reset-on-fork', 'verbose'],
    longValues: ['sched-runtime', 'sched-period', 'sched-deadline'],
    none: ['p', 'pid', 'm', 'max'],
  },
  nsenter: {
    flags: 'aFZ',
    values: 'tSG',
    optional: 'muinpUCTrw',
    longValues: ['target', 'setuid', 'setgid'],
    longFlags: ['all', 'no-fork', 'preserve-credentials', 'mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time', 'root', 'wd'],
  },
  unshare: {
    flags: 'frc',
    optional: 'muinpUCT',
    longFlags: ['fork', 'map-root-user', 'map-current-user', 'mount-proc', 'kill-child', 'mount', 'uts', 'ipc', 'net', 'pid', 'user', 'cgroup', 'time'],
    longValues: ['propagation', 'setgroups', 'root', 'wd', 'map-user', 'map-group'],
  },
  sshpass: { flags: 'hvV', values: 'pfdeP' },
  'systemd-run': {
    flags: 'rtPqGdS',
    values: 'upEHM',
    longFlags: ['user', 'system', 'scope', 'remain-after-exit', 'pty', 'pipe', 'quiet', 'collect', 'same-dir', 'shell', 'wait', 'no-block', 'no-ask-password',
      'send-sighup', 'help', 'version'],
    longValues: ['unit', 'property', 'description', 'slice', 'type', 'uid', 'gid', 'nice', 'working-directory', 'setenv', 'host', 'machine', 'service-type',
      'on-active', 'on-boot', 'on-startup', 'on-unit-active', 'on-unit-inactive', 'on-calendar', 'on-clock-change', 'on-timezone-change', 'path-property',
      'socket-property', 'timer-property'],
  },
  xargs: {
    flags: '0prtxo',
    values: 'adEILnPs',
    optional: 'eil',
    longFlags: ['null', 'no-run-if-empty', 'interactive', 'verbose', 'exit', 'open-tty', 'show-limits', 'replace', 'eof', 'max-lines'],
    longValues: ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
  },
  strace: { flags: 'cCdDfFhikqrtTvVwxyYzZ', values: 'abeEIoOpPsSuUX' },
  ltrace: { flags: 'bcCfhiLrStTV', values: 'aAeEFlnoDpsuwx' },
};

const inner = (line: string) => classifyShellLine(line).commands.slice(1).map((c) => [c.name, c.args, c.via]);

/** Each option of the wrapper as a line, with the option's key (letter or name). */
function lines(name: string, w: Wrapper): Array<[string, string]> {
  const tail = `${w.skip ? `${w.skip} ` : ''}rm /tmp/a`;
  return [
    ...[...(w.flags ?? ''), ...(w.optional ?? '')].map((l): [string, string] => [`${name} -${l} ${tail}`, l]),
    ...[...(w.values ?? '')].map((l): [string, string] => [`${name} -${l} v ${tail}`, l]),
    ...(w.longFlags ?? []).map((n): [string, string] => [`${name} --${n} ${tail}`, n]),
    ...(w.longValues ?? []).map((n): [string, string] => [`${name} --${n} v ${tail}`, n]),
  ];
}

for (const [name, wrapper] of Object.entries(WRAPPERS)) {
  describe(`${name}'s options are known: the command after them runs, and no option's value is taken for it`, () => {
    for (const [line, key] of lines(name, wrapper)) {
      it(line, () => {
        const expected = wrapper.none?.includes(key) ? [] : [['rm', ['/tmp/a'], [name]]];
        assert.deepEqual(inner(line), expected);
      });
    }
  });
}

describe('an option no wrapper has leaves the line uncertain', () => {
  for (const line of ['sudo --no-such-option rm /tmp/a', 'timeout --no-such-option 5 rm /tmp/a', 'systemd-run --no-such-option rm /tmp/a', 'xargs --no-such-option rm /tmp/a']) {
    it(line, () => assert.deepEqual(inner(line)[0], ['<dynamic>', [], [line.split(' ')[0]]]));
  }
});
