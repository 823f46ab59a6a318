// Code that statements carry: DO blocks and CREATE FUNCTION/PROCEDURE bodies. SQL and PL/pgSQL
// bodies are parsed and every statement in them classified as nested; a body in any other language,
// or one that does not parse, is opaque. Bodies of functions run later, when called, but creating
// one is how its code gets in, so its facts count now.
import { isUntrustedLanguage } from './language-catalogue.ts';
import { readPlpgsql } from './plpgsql.ts';
import { constantValue, nodeOf, stringsOf } from './tree.ts';
import { codeScope, type RuleContext, type StatementRule } from './walk-types.ts';

interface CodeOptions {
  language: string | undefined;
  /** The AS strings: one body, or a C library file and symbol. */
  body: string[];
  securityDefiner: boolean;
}

function readOptions(list: unknown): CodeOptions {
  const options: CodeOptions = { language: undefined, body: [], securityDefiner: false };
  for (const item of Array.isArray(list) ? list : []) {
    const def = nodeOf(item, 'DefElem');
    if (!def) continue;
    if (def.defname === 'language') options.language = String(constantValue(def.arg) ?? '').toLowerCase();
    else if (def.defname === 'as') {
      const single = constantValue(def.arg);
      options.body = typeof single === 'string' ? [single] : stringsOf(nodeOf(def.arg, 'List')?.items);
    } else if (def.defname === 'security') options.securityDefiner = constantValue(def.arg) === true;
  }
  return options;
}

/** Code in a language this classifier does not read: opaque, and native code when untrusted. */
function foreignCode(what: string, language: string, ctx: RuleContext): void {
  ctx.facts.opaque(`${what} in language ${language || '(none)'} cannot be read`);
  if (isUntrustedLanguage(language)) ctx.facts.flag('programExecution');
}

function readSqlBody(text: string, ctx: RuleContext): void {
  const outcome = ctx.host.walkText(text, codeScope(ctx.scope), true);
  if (!outcome.ok) ctx.facts.opaque(`the SQL function body does not parse: ${outcome.error}`);
}

export const CODE_RULES: Record<string, StatementRule> = {
  DoStmt(body, ctx) {
    const options = readOptions(body.args);
    const language = options.language ?? 'plpgsql';
    const code = options.body[0] ?? '';
    if (language === 'plpgsql') readPlpgsql(ctx.host.statementText(), code, ctx);
    else foreignCode('a DO block', language, ctx);
  },
  CreateFunctionStmt(body, ctx) {
    const options = readOptions(body.options);
    if (options.securityDefiner) ctx.facts.flag('privilegeChange', 'SECURITY DEFINER runs with the rights of the owner');
    // BEGIN ATOMIC ... END and RETURN bodies are already in the tree (sql_body) and walked with it.
    if (body.sql_body !== undefined) return;
    const language = options.language ?? '';
    const code = options.body[0] ?? '';
    if (language === 'sql') readSqlBody(code, ctx);
    else if (language === 'plpgsql') readPlpgsql(ctx.host.statementText(), code, ctx);
    else foreignCode('a function', language, ctx);
  },
  AlterFunctionStmt(body, ctx) {
    if (readOptions(body.actions).securityDefiner) ctx.facts.flag('privilegeChange', 'SECURITY DEFINER runs with the rights of the owner');
  },
};
