// Small readers for libpg-query's JSON parse tree. Nodes are objects with one PascalCase key
// ({"RangeVar": {...}}), except in fields whose node type is fixed, where the body appears bare.
// Zero values are omitted: {"ival": {}} is the integer 0 and {"boolval": {}} is false.

export type NodeBody = Record<string, unknown>;

export function isObject(value: unknown): value is NodeBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every node under `roots`, depth first, as its type ('' for an object no type wraps) and its body;
 * a node whose type `enter` refuses is left out with everything under it.
 */
export function* nodesUnder(roots: readonly unknown[], enter: (type: string) => boolean = () => true): Generator<[string, NodeBody]> {
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    const [type, body] = unwrap(node) ?? ['', node];
    if (!enter(type)) continue;
    yield [type, body];
    for (const child of Object.values(body)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
}

/** The node type and body of a wrapped node ({"Type": body}), or undefined. */
export function unwrap(value: unknown): [string, NodeBody] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const type = keys[0] as string;
  const body = value[type];
  if (!/^[A-Z]/.test(type) || !isObject(body)) return undefined;
  return [type, body];
}

/** The body of `value` if it is a wrapped node of type `type`. */
export function nodeOf(value: unknown, type: string): NodeBody | undefined {
  const node = unwrap(value);
  return node && node[0] === type ? node[1] : undefined;
}

/** The strings of a list of String nodes (qualified names, option lists), in order. */
export function stringsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    const s = nodeOf(item, 'String');
    if (s) out.push(typeof s.sval === 'string' ? s.sval : '');
  }
  return out;
}

/**
 * The value of a constant: an A_Const, a String, a Boolean or Integer node, or a TypeCast of one
 * ('t'::boolean). Undefined when the node is not a constant.
 */
export function constantValue(value: unknown, depth = 0): unknown {
  const node = unwrap(value);
  if (!node || depth > 8) return undefined;
  const [type, body] = node;
  switch (type) {
    case 'A_Const':
      if (body.isnull === true) return null;
      if ('sval' in body) return stringField(body.sval, 'sval');
      if ('ival' in body) return numberField(body.ival, 'ival');
      if ('boolval' in body) return isObject(body.boolval) && body.boolval.boolval === true;
      if ('fval' in body) return isObject(body.fval) ? Number(body.fval.fval ?? 0) : 0;
      if ('bsval' in body) return stringField(body.bsval, 'bsval');
      return undefined;
    case 'String':
      return typeof body.sval === 'string' ? body.sval : '';
    case 'Integer':
      return typeof body.ival === 'number' ? body.ival : 0;
    case 'Boolean':
      return body.boolval === true;
    case 'TypeCast':
      return castConstant(body, depth);
    default:
      return undefined;
  }
}

function castConstant(body: NodeBody, depth: number): unknown {
  const inner = constantValue(body.arg, depth + 1);
  const typeName = isObject(body.typeName) ? stringsOf(body.typeName.names).at(-1) : undefined;
  if (typeName === 'bool' && typeof inner === 'string') return textBoolean(inner) ?? inner;
  return inner;
}

/** Boolean words with the shortest prefix the server takes for each ("o" may be on or off). */
const BOOLEAN_WORDS: ReadonlyArray<readonly [string, boolean, number]> = [
  ['true', true, 1],
  ['yes', true, 1],
  ['on', true, 2],
  ['false', false, 1],
  ['no', false, 1],
  ['off', false, 2],
];

/** Text as the server reads it as a boolean (parse_bool): trimmed, any case, a word or a prefix of one, 1 or 0. */
function textBoolean(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (v === '1' || v === '0') return v === '1';
  const word = BOOLEAN_WORDS.find(([full, , shortest]) => v.length >= shortest && full.startsWith(v));
  return word?.[1];
}

function stringField(field: unknown, key: string): string {
  return isObject(field) && typeof field[key] === 'string' ? field[key] : '';
}

function numberField(field: unknown, key: string): number {
  return isObject(field) && typeof field[key] === 'number' ? field[key] : 0;
}

/** "OBJECT_MATVIEW" -> "matview"; "" for anything else. */
export function objectTypeName(value: unknown): string {
  return typeof value === 'string' && value.startsWith('OBJECT_') ? value.slice(7).toLowerCase() : '';
}

/** "CreateForeignServerStmt" -> "create_foreign_server". */
export function snakeCase(type: string): string {
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
