// A request's facts as sentences for the approver (the console's request page): what the parser
// saw, said in words, the riskiest first. Reads the fact formats the packs declare (tools/*/classify
// facts-schema); a fact this does not know stays in the full facts below the sentences. Names in
// the sentences are agent text in part (tables, paths): callers render them for their medium. A
// name with characters outside ASCII (a Cyrillic с in a table, a full-width command) is spelled out
// by code point first, so a name that only looks like a known one is seen for what it is.
import { spellNonAscii } from '../render/lookalikes.ts';

type Facts = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const join = (values: readonly string[]) => values.join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each sentence is added only when its fact says something. */
function say(out: string[], when: unknown, sentence: () => string): void {
  if (when === true || (typeof when === 'number' && when > 0) || (Array.isArray(when) && when.length > 0)) out.push(sentence());
}

function sqlSentences(f: Facts): string[] {
  const out: string[] = [];
  if (f.parsed === false) return [`The SQL could not be read with certainty (${String(f.error)}): treat it as doing anything.`];
  const danger = Object.entries((f.danger ?? {}) as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k);
  say(out, danger, () => `Dangerous: ${join(danger)}.`);
  say(out, f.unboundedWrite, () => 'An UPDATE or DELETE has no effective WHERE: it changes every row of its table.');
  say(out, f.destructive && !f.unboundedWrite, () => 'It is destructive (a DROP, a TRUNCATE or a column dropped).');
  out.push(`${plural(Number(f.statementCount ?? 0), 'statement')}: ${join(list(f.kinds)) || 'none'}.`);
  say(out, f.writtenTables, () => `It changes ${join(list(f.writtenTables))}.`);
  const readOnly = list(f.tables).filter((t) => !list(f.writtenTables).includes(t));
  say(out, readOnly, () => `It reads ${join(readOnly)}.`);
  if (f.readOnly === true) out.push('It provably only reads.');
  say(out, f.ddl, () => 'It changes the schema, roles or privileges.');
  say(out, f.callsUserFunctions, () => 'It calls functions or operators whose code is not visible here.');
  say(out, list(f.sideEffectFunctions).concat(list(f.dangerousFunctions)), () => `It calls ${join([...list(f.dangerousFunctions), ...list(f.sideEffectFunctions)])}.`);
  say(out, f.settings, () => `It changes settings: ${join(list(f.settings))}.`);
  say(out, f.transactionControl, () => 'It controls transactions itself.');
  const used = (f.protected ?? {}) as Record<string, unknown>;
  say(out, used.copied, () => `It stores values of protected columns elsewhere: ${join(list(used.copied))}.`);
  say(out, used.compared, () => `It searches by protected columns: ${join(list(used.compared))}.`);
  say(out, used.read, () => `It uses protected columns: ${join(list(used.read))}.`);
  return out;
}

function shellSentences(f: Facts): string[] {
  const out: string[] = [];
  if (f.hasError === true) out.push(`The line could not be read with certainty (${String(f.error)}): treat it as doing anything.`);
  say(out, f.danger, () => `Catastrophic: ${join(list(f.danger))}.`);
  say(out, f.downloadPipedToInterpreter, () => 'Downloaded content runs as code.');
  say(out, f.sensitiveReads, () => `It reads files that may hold secrets: ${join(list(f.sensitiveReads))}.`);
  say(out, f.dynamic, () => 'A command name or code string is only known at run time.');
  say(out, f.interpreterCode, () => 'An interpreter runs inline code.');
  say(out, f.names, () => `It runs ${join(list(f.names))}.`);
  say(out, f.writePaths, () => `It writes ${join(list(f.writePaths))}.`);
  say(out, f.readsPaths, () => `It reads ${join(list(f.readsPaths))}.`);
  if (f.readOnly === true) out.push('Every command is a known read-only diagnostic.');
  else say(out, f.readOnlyBlockers, () => `Not read-only: ${join(list(f.readOnlyBlockers))}.`);
  return out;
}

const POD_RISKS: Array<[string, string]> = [
  ['anyPrivileged', 'runs a privileged container'],
  ['anyHostPath', 'mounts a directory of the node'],
  ['anyHostNetwork', 'uses the node\'s network'],
  ['anyHostPID', 'shares the node\'s processes'],
  ['anyHostIPC', 'shares the node\'s IPC'],
  ['anyAddedCapabilities', 'adds Linux capabilities'],
  ['anyRbac', 'changes RBAC'],
  ['anyClusterScoped', 'changes a cluster-scoped object'],
];

function kubernetesSentences(f: Facts): string[] {
  const out: string[] = [];
  if (f.parseError) return [`The manifest could not be read (${String(f.parseError)}): nothing is applied.`];
  const risks = POD_RISKS.filter(([key]) => f[key] === true).map(([, words]) => words);
  say(out, risks, () => `It ${risks.join(', ')}.`);
  say(out, f.secretsRead, () => 'It reads Secrets (their values are always redacted).');
  const where = f.allNamespaces === true ? ' in every namespace' : f.namespace ? ` in namespace ${String(f.namespace)}` : '';
  const what = f.verb === 'apply' ? plural(Number(f.objectCount ?? 0), 'object') : `${String(f.kind || f.resource)}${f.name ? ` ${String(f.name)}` : ''}`;
  out.push(`It will ${String(f.verb)} ${what}${where}.`);
  if (f.verb === 'scale') out.push(`To ${String(f.replicas)} replicas.`);
  const exec = (f.exec ?? {}) as Facts;
  if (f.verb === 'exec' && exec.shell) out.push(...shellSentences(exec.shell as Facts));
  return out;
}

/** Fields that hold the parser's own words, not names from the call. */
const NOT_NAMES = new Set(['error', 'parseError', 'readOnlyBlockers']);
/** Names spelled out in the sentence; the rest are counted. */
const MAX_NAMES = 6;

/** Every name a fact gives (tables, functions, paths, commands, namespaces, objects), once each. */
function namesIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) namesIn(v, into);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!NOT_NAMES.has(k)) namesIn(v, into);
  return into;
}

function nonAsciiNames(facts: Facts): string[] {
  const spelled = [...namesIn(facts, new Set())].flatMap((name) => {
    const spelling = spellNonAscii(name);
    return spelling ? [`${name} has ${spelling}`] : [];
  });
  if (spelled.length === 0) return [];
  const more = spelled.length > MAX_NAMES ? `; and ${spelled.length - MAX_NAMES} more` : '';
  return [`Names with characters outside ASCII (they may only look like the names you know): ${spelled.slice(0, MAX_NAMES).join('; ')}${more}.`];
}

export function factSentences(facts: Record<string, unknown>): string[] {
  const of = (key: string) => (facts[key] && typeof facts[key] === 'object' ? (facts[key] as Facts) : undefined);
  const sql = of('sql');
  const shell = of('shell');
  const k8s = of('k8s');
  return [...nonAsciiNames(facts), ...(sql ? sqlSentences(sql) : []), ...(shell ? shellSentences(shell) : []), ...(k8s ? kubernetesSentences(k8s) : [])];
}
