// Rules for statements that change who may do what, reach outside the database, or control the
// server: each raises its danger flags. Names follow the node types of the PostgreSQL grammar.
import type { DangerFlag } from './facts-schema.ts';
import { extensionDangers } from './language-catalogue.ts';
import { nodeOf, type NodeBody } from './tree.ts';
import type { RuleContext, StatementRule } from './walk-types.ts';

const raise =
  (...flags: DangerFlag[]): StatementRule =>
  (_body, ctx) => {
    for (const flag of flags) ctx.facts.flag(flag);
  };

/** ALTER TABLE subcommands that change ownership or row-level security. */
const PRIVILEGE_SUBCOMMANDS = new Set(['AT_ChangeOwner', 'AT_EnableRowSecurity', 'AT_DisableRowSecurity', 'AT_ForceRowSecurity', 'AT_NoForceRowSecurity']);

/** DROP of these loosens security or removes an extension. */
const DROP_FLAGS: Record<string, DangerFlag> = {
  OBJECT_EXTENSION: 'extensionChange',
  OBJECT_POLICY: 'privilegeChange',
  OBJECT_LANGUAGE: 'extensionChange',
};

function alterTable(body: NodeBody, ctx: RuleContext): void {
  for (const cmd of Array.isArray(body.cmds) ? body.cmds : []) {
    const subtype = String(nodeOf(cmd, 'AlterTableCmd')?.subtype ?? '');
    if (subtype === 'AT_DropColumn') ctx.record.destructive = true;
    if (PRIVILEGE_SUBCOMMANDS.has(subtype)) ctx.facts.flag('privilegeChange');
  }
}

export const SECURITY_RULES: Record<string, StatementRule> = {
  CreateRoleStmt: raise('roleChange'),
  AlterRoleStmt: raise('roleChange'),
  DropRoleStmt: raise('roleChange'),
  GrantRoleStmt: raise('roleChange', 'privilegeChange'),
  GrantStmt: raise('privilegeChange'),
  AlterDefaultPrivilegesStmt: raise('privilegeChange'),
  AlterOwnerStmt: raise('privilegeChange'),
  ReassignOwnedStmt: raise('privilegeChange'),
  CreatePolicyStmt: raise('privilegeChange'),
  AlterPolicyStmt: raise('privilegeChange'),
  RenameStmt(body, ctx) {
    if (body.renameType === 'OBJECT_ROLE') ctx.facts.flag('roleChange');
  },
  AlterTableStmt: alterTable,
  DropStmt(body, ctx) {
    const type = String(body.removeType);
    if (Object.hasOwn(DROP_FLAGS, type)) ctx.facts.flag(DROP_FLAGS[type] as DangerFlag);
  },
  AlterSystemStmt: raise('configChange'),
  AlterRoleSetStmt: raise('configChange'),
  AlterDatabaseSetStmt: raise('configChange'),
  LoadStmt: raise('programExecution'),
  CreatePLangStmt: raise('programExecution', 'extensionChange'),
  CreateExtensionStmt(body, ctx) {
    ctx.facts.flag('extensionChange');
    for (const flag of extensionDangers(String(body.extname ?? ''))) ctx.facts.flag(flag);
  },
  AlterExtensionStmt: raise('extensionChange'),
  AlterExtensionContentsStmt: raise('extensionChange'),
  CreateTableSpaceStmt(body, ctx) {
    if (typeof body.location === 'string' && body.location !== '') ctx.facts.flag('fileAccess');
  },
  CreateForeignServerStmt: raise('remoteAccess'),
  AlterForeignServerStmt: raise('remoteAccess'),
  CreateUserMappingStmt: raise('remoteAccess'),
  AlterUserMappingStmt: raise('remoteAccess'),
  CreateFdwStmt: raise('remoteAccess'),
  AlterFdwStmt: raise('remoteAccess'),
  ImportForeignSchemaStmt: raise('remoteAccess'),
  CreateSubscriptionStmt: raise('remoteAccess'),
  AlterSubscriptionStmt: raise('remoteAccess'),
  CreateForeignTableStmt(body, ctx) {
    ctx.facts.flag('remoteAccess');
    const base = body.base as NodeBody | undefined;
    ctx.host.markWritten(base?.relation);
  },
  CheckPointStmt: raise('serverControl'),
};
