// The shape of a line for "same shape" grants: every command it runs (wrappers, nested and
// re-parsed ones included) with its flags, operands replaced by "?", then its redirections.
// Code handed to shells (bash -c, heredocs, pipes into sh) is part of the shape, not a literal,
// so a grant for one script never covers another; so is code given to other interpreters (python -c
// CODE stays word for word), and a line that pipes code into one is its own shape. Subcommand verbs
// stay (systemctl restart ?).
import { scanLine } from './classify.ts';
import type { Field } from './fields.ts';
import { inlineCode } from './interpreters.ts';
import type { Found } from './model.ts';
import { own } from './own.ts';

/** Commands whose first operand is a verb that changes what they do. */
const SUBCOMMANDS = new Set(['systemctl', 'service', 'ip', 'git', 'docker', 'podman', 'kubectl', 'helm', 'apt', 'apt-get',
  'yum', 'dnf', 'zypper', 'apk', 'snap', 'npm', 'pip', 'pip3', 'ufw', 'nft', 'openssl', 'journalctl', 'crontab', 'nvme', 'zpool', 'zfs']);

function argShape(field: Field): string {
  if (field.dynamic || !field.text.startsWith('-') || field.text === '-' || field.text === '--') return field.text === '--' ? '--' : '?';
  const eq = field.text.indexOf('=');
  return eq > 0 ? `${field.text.slice(0, eq)}=?` : field.text;
}

/** How many leading operands are verbs ("ip addr show", "service nginx restart"). */
const VERBS: Record<string, number> = { ip: 2, service: 2 };

function commandShape(f: Found): string {
  const args = f.optionsEnd === undefined ? f.args : f.args.slice(0, f.optionsEnd);
  let verbs = SUBCOMMANDS.has(f.name) ? (own(VERBS, f.name) ?? 1) : 0;
  const parts = args.map((a) => {
    if (verbs > 0 && !a.text.startsWith('-') && !a.dynamic) {
      verbs--;
      return a.text;
    }
    return argShape(a);
  });
  const code = (inlineCode(f)?.code ?? []).map((c) => JSON.stringify(c));
  const via = f.fact.via.length > 0 ? `${f.fact.via.join(' > ')} > ` : '';
  return [via + f.name, ...parts, ...code].join(' ');
}

/** A normalized shape: names and flags kept, literal operands replaced; stable for equal shapes. */
export function shellShape(line: string): string {
  const scan = scanLine(line);
  if (typeof scan === 'string' || scan.errors.length > 0) {
    // an unreadable line has no shape to share: its own text is its shape
    return `unparsed: ${String(line)}`;
  }
  // Code read from stdin (echo CODE | python3) is an operand of another command: no shape can hold it.
  if (scan.found.some((f) => inlineCode(f)?.fromStdin)) return `literal: ${line}`;
  const commands = scan.found.map(commandShape).join(' ; ');
  const redirects = scan.redirects.map((r) => `${r.op}${r.descriptor || r.text === '/dev/null' ? r.text : '?'}`);
  return redirects.length > 0 ? `${commands} [${redirects.join(' ')}]` : commands;
}
