// The scope of a grant in words, as the approver reads it before deciding: who may run what, for
// which calls, and what widening to other files would add. Every shape kind the packs make.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApprovalRequest } from '../../src/approval/model.ts';
import { grantScope, wideningScope } from '../../src/approval/grant-scope.ts';

type Scoped = Parameters<typeof grantScope>[0];

const request = (shape: string, extra: Partial<Pick<ApprovalRequest, 'grantVaries' | 'impact' | 'widenedShape'>> = {}): Scoped => ({
  tool: 'ssh_exec',
  target: 'web-1',
  shape,
  requester: { principal: { id: 'agent-7' } } as ApprovalRequest['requester'],
  ...extra,
});

const WHO = 'a grant lets agent-7 run ssh_exec on web-1 without asking, until it expires, for every call of this shape: ';

describe('grant scope in words', () => {
  it('says who may run what, and what may differ, for each kind of shape', () => {
    assert.equal(grantScope(request('sh:tail -n 5 /var/log/syslog')), `${WHO}this same command line, every flag, operand, operator and redirection as written (only spacing, quoting and comments may differ)`);
    assert.equal(grantScope(request('pg:SELECT ...')), `${WHO}the same statements with the same operators, lists, ranges, limits, tables, columns and functions; nothing may differ but spacing and case`);
    assert.equal(
      grantScope(request('pg:UPDATE ...', { grantVaries: ['the value id equals', 'the value status is set to'], impact: { method: 'dry run', rows: 1 } as ApprovalRequest['impact'] })),
      `${WHO}the same statements with the same operators, lists, ranges, limits, tables, columns and functions; only these may differ: the value id equals; the value status is set to, each changing at most 1 row (what the dry run showed)`,
    );
    assert.match(grantScope(request('pg:DELETE ...', { impact: { method: 'dry run', rows: 3 } as ApprovalRequest['impact'] })), /, each changing at most 3 rows \(what the dry run showed\)$/);
    for (const shape of ['sha256:ab12', 'unparsed: x', 'literal: y']) assert.equal(grantScope(request(shape)), `${WHO}this exact text only (it has no shape that other calls could share)`, shape);
    assert.equal(grantScope(request('k8s apply abc')), `${WHO}exactly the objects of this call (their content, however the YAML is written) in the namespaces it sends them to`);
    assert.equal(grantScope(request('k8s scale web 3')), `${WHO}the same verb on the same object, with the same replica count or command line`);
  });

  it('widens only a request that has a widened shape, and says every approver must widen under a quorum', () => {
    const plain = request('sh:cat /var/log/a.log');
    assert.equal(wideningScope(plain, 1), undefined);
    assert.equal(grantScope(plain, true), grantScope(plain), 'no widened shape: widening changes nothing');
    const widenable = request('sh:cat /var/log/a.log', { widenedShape: 'sh:cat <file>' });
    const words = `${WHO}this same command line with any one named file in place of each file it reads or writes (no glob, no variable); the commands, flags, option values, other operands and redirections as written, and never a file that may hold secrets`;
    assert.equal(grantScope(widenable, true), words);
    assert.equal(wideningScope(widenable, 1), `Widened to other files, ${words}.`);
    assert.equal(wideningScope(widenable, 2), `Widened to other files, ${words}. It is widened only if all 2 approvers widen it; otherwise the grant keeps the files as written.`);
  });
});
