// Danger families about the running system: power state, firewall, killing every process,
// reverse shells, fork bombs, history tampering (history-tamper.ts).
import { historyTamperCommand, tampersHistory } from './history-tamper.ts';
import type { Found, RedirectUse } from './model.ts';
import { operandFields, parseArgs, resolveLong } from './options.ts';
import type { ShellDanger } from './schema.ts';
import type { FunctionCall } from './scan.ts';
import { SHELLS } from './wrappers-shell.ts';

const SYSTEMCTL_OPTIONS = {
  values: 'tpsHMno',
  longValues: ['type', 'property', 'signal', 'host', 'machine', 'lines', 'output', 'state', 'kill-whom', 'root', 'job-mode', 'message', 'when', 'reboot-argument', 'boot-loader-entry', 'what', 'timestamp', 'kill-value', 'image', 'drop-in'],
};
const POWER_VERBS = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'suspend', 'hibernate', 'hybrid-sleep', 'suspend-then-hibernate', 'emergency', 'rescue', 'soft-reboot']);
const POWER_TARGETS = /^(poweroff|reboot|halt|kexec|rescue|emergency|soft-reboot)\.target$/;
const FIREWALL_UNITS = /^(firewalld|ufw|nftables|iptables|ip6tables|netfilter-persistent|shorewall|csf)(\.service)?$/;

/** systemctl VERB UNITS... */
function systemctl(f: Found): { verb: string; units: string[] } {
  const operands = operandFields(f.args, parseArgs(f.args, SYSTEMCTL_OPTIONS)).map((a) => a.text);
  return { verb: operands[0] ?? '', units: operands.slice(1) };
}

function power(f: Found): boolean {
  if (['shutdown', 'reboot', 'halt', 'poweroff', 'telinit'].includes(f.name)) return true;
  if (f.name === 'init') return f.args.some((a) => /^[0156sS]$/.test(a.text));
  if (f.name === 'kexec') return f.args.some((a) => a.text === '-e' || a.text === '--exec');
  if (f.name !== 'systemctl') return false;
  const { verb, units } = systemctl(f);
  if (POWER_VERBS.has(verb)) return true;
  return ['isolate', 'start', 'restart'].includes(verb) && units.some((u) => POWER_TARGETS.test(u));
}

const IPTABLES = /^(ip6?tables(-legacy|-nft)?|ebtables|arptables)$/;
const IPTABLES_LONGS = ['append', 'check', 'delete', 'insert', 'replace', 'list', 'list-rules', 'flush', 'zero', 'new-chain',
  'delete-chain', 'policy', 'rename-chain', 'protocol', 'source', 'destination', 'match', 'jump', 'goto', 'in-interface',
  'out-interface', 'fragment', 'set-counters', 'verbose', 'wait', 'wait-interval', 'numeric', 'exact', 'line-numbers',
  'modprobe', 'table', 'ipv4', 'ipv6', 'help', 'version'];

/** The iptables long option `arg` resolves to, as getopt resolves it (exact name, else unique prefix). */
const iptablesLong = (arg: string): string | null =>
  arg.startsWith('--') ? resolveLong(arg.slice(2).split('=')[0] ?? '', IPTABLES_LONGS) : null;

/**
 * The target a policy option at `i` sets: the word after its chain. The chain is the next word
 * (-P INPUT, -vP INPUT, --policy INPUT) or is attached (-PINPUT, --policy=INPUT).
 */
function policyTarget(texts: readonly string[], i: number): string | undefined {
  const t = texts[i] ?? '';
  let chainAttached: boolean;
  if (t.startsWith('--')) {
    if (iptablesLong(t) !== 'policy') return undefined;
    chainAttached = t.includes('=');
  } else {
    const short = /^-[a-zA-Z]*?P(.*)$/.exec(t);
    if (!short) return undefined;
    chainAttached = short[1] !== '';
  }
  return texts[i + (chainAttached ? 1 : 2)];
}

function firewallFlush(f: Found): boolean {
  const texts = f.args.map((a) => a.text);
  if (IPTABLES.test(f.name)) {
    const flush = texts.some((t) => (/^-[a-zA-Z]*[FX]/.test(t) && !t.startsWith('--')) || ['flush', 'delete-chain'].includes(iptablesLong(t) ?? ''));
    const policyAccept = texts.some((_, i) => policyTarget(texts, i) === 'ACCEPT');
    return flush || policyAccept;
  }
  // nft also takes its whole command as one word: nft 'flush ruleset'
  const operands = texts.filter((t) => !t.startsWith('-')).flatMap((t) => t.split(/\s+/).filter((w) => w !== ''));
  switch (f.name) {
    case 'nft':
      return operands[0] === 'flush' || (operands[0] === 'delete' && ['table', 'chain'].includes(operands[1] ?? ''));
    case 'ufw':
      return operands.includes('disable') || operands.includes('reset');
    case 'pfctl':
      return texts.some((t) => /^-[a-zA-Z]*d/.test(t)) || texts.includes('-F');
    case 'ipfw':
      return operands[0] === 'flush' || operands[0] === 'disable';
    case 'systemctl': {
      const { verb, units } = systemctl(f);
      return ['stop', 'disable', 'mask', 'kill'].includes(verb) && units.some((u) => FIREWALL_UNITS.test(u));
    }
    case 'service':
      return FIREWALL_UNITS.test(operands[0] ?? '') && operands[1] === 'stop';
    default:
      return false;
  }
}

const ALL_NAMES = ['init', 'systemd', 'sshd', 'bash', 'a', 'Z9'];

/** A process-name pattern that matches every process. */
function matchesEverything(pattern: string): boolean {
  try {
    const re = new RegExp(pattern);
    return ALL_NAMES.every((name) => re.test(name));
  } catch {
    return false;
  }
}

/** A pid word meaning -1 or 1 as kill reads numbers (strtoimax: blanks, a sign, leading zeros). */
const isEveryProcessOrInit = (pid: string): boolean => /^\s*[-+]?0*1\s*$/.test(pid);

function killAll(f: Found): boolean {
  const texts = f.args.map((a) => a.text);
  switch (f.name) {
    case 'killall5':
      return true;
    case 'kill': {
      // -l/-L list signals; else the first dash word is the signal (-9, -KILL, -s KILL) and every
      // word after it is a pid, -1 (every process) and 1 (init) among them wherever they stand
      if (/^-[lL]/.test(texts[0] ?? '')) return false;
      // -s SIG and -n NUM take the next word; -SIG and -- are one word ("--" is no pid either way)
      let signalWords = 0;
      if (texts[0] === '-s' || texts[0] === '-n') signalWords = 2;
      else if (texts[0]?.startsWith('-')) signalWords = 1;
      return texts.slice(signalWords).some(isEveryProcessOrInit);
    }
    case 'pkill':
    case 'killall': {
      const parsed = parseArgs(f.args, { values: 'sugUGPtFncOoy', longValues: ['signal', 'euid', 'uid', 'group', 'pgroup', 'parent', 'session', 'terminal', 'pidfile', 'ns', 'nslist', 'older-than', 'younger-than', 'user'], flags: 'efilnrvwxIqZ' });
      const patterns = operandFields(f.args, parsed).map((a) => a.text);
      // every process of root: -u root, -U 0, --euid=root
      const users = ['u', 'U', 'euid', 'uid', 'user'].flatMap((o) => parsed.values.get(o) ?? []).flatMap((v) => v.split(','));
      const byUser = users.some((u) => u === 'root' || u === '0');
      if (f.name === 'pkill') return patterns.some(matchesEverything) || (patterns.length === 0 && byUser);
      return (parsed.seen.has('r') && patterns.some(matchesEverything)) || (patterns.length === 0 && byUser);
    }
    default:
      return false;
  }
}

const NETCATS = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'socat', 'telnet']);

function reverseShellCommand(f: Found): boolean {
  if (f.name === 'socat') return f.args.some((a) => /(^|[,!])(exec|system):/i.test(a.text));
  if (!NETCATS.has(f.name) || f.name === 'telnet') return false;
  const parsed = parseArgs(f.args, { values: 'ceipqswxXTIOMm', longValues: ['exec', 'sh-exec', 'lua-exec', 'source', 'wait', 'proxy', 'proxy-type'] });
  return ['e', 'c', 'exec', 'sh-exec', 'lua-exec'].some((o) => parsed.seen.has(o));
}

/** Families decided per command. */
export function commandSystemDangers(f: Found, add: (d: ShellDanger) => void): void {
  if (power(f)) add('power');
  if (firewallFlush(f)) add('firewall_flush');
  if (killAll(f)) add('kill_all');
  if (reverseShellCommand(f)) add('reverse_shell');
  if (historyTamperCommand(f) || f.assignments.some(tampersHistory)) add('history_tamper');
}

/** A redirection to /dev/tcp or /dev/udp: bash opens a network socket. */
export function isSocketRedirect(use: RedirectUse): boolean {
  return /^\/dev\/(tcp|udp)\//.test(use.target?.text ?? '');
}

/** A shell and a netcat in one pipeline: `sh -i | nc host port`, `nc host port | bash`. */
export function shellPipedToNetwork(found: readonly Found[]): boolean {
  const shellPipes = new Set(found.filter((f) => SHELLS.has(f.name)).flatMap((f) => f.ctx.pipes.map((p) => p.id)));
  return found.some((f) => (NETCATS.has(f.name) || (f.name === 'openssl' && f.args.some((a) => a.text === 's_client'))) && f.ctx.pipes.some((p) => shellPipes.has(p.id)));
}

/** A function that reaches itself through a call in the background or in a pipeline. */
export function isForkBomb(calls: readonly FunctionCall[]): boolean {
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop() ?? '';
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const call of calls) if (call.from === current) stack.push(call.to);
    }
    return false;
  };
  return calls.some((call) => call.async && reaches(call.to, call.from));
}
