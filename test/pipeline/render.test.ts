// What the agent receives, exactly: the text block and the structured content of each kind of
// result and of a refusal. Masking has run before this; what render adds (notes, cuts, escapes)
// must say what happened and never hide or invent a row, a stream or a rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRefusal, renderResult } from '../../src/pipeline/render.ts';
import type { ToolResult } from '../../src/pipeline/result.ts';

const textOf = (r: { content: Array<{ text: string }> }) => r.content.map((c) => c.text).join('');

describe('render: tables', () => {
  it('gives the header, the rows, the command and the count; structured keeps name and type only', () => {
    const result: ToolResult = {
      kind: 'table',
      columns: [
        { name: 'id', type: 'int4', table: 'public.orders', column: 'id' },
        { name: 'note', type: 'text', derivedFrom: ['public.customers.email'] },
      ],
      rows: [
        [1, null],
        [2, { a: 1 }],
        [3, undefined],
      ],
      command: 'SELECT',
      rowCount: 3,
    };
    const out = renderResult(result, {});
    assert.deepEqual(out.content, [{ type: 'text', text: 'id | note\n1 | NULL\n2 | {"a":1}\n3 | NULL\n(SELECT 3)' }]);
    assert.deepEqual(out.structuredContent, {
      columns: [
        { name: 'id', type: 'int4' },
        { name: 'note', type: 'text' },
      ],
      rows: result.rows,
      rowCount: 3,
      command: 'SELECT',
    });
    assert.equal(out.isError, undefined);
  });

  it('says how many rows are shown when fewer came back than the command counted', () => {
    const base = { kind: 'table' as const, columns: [{ name: 'id', type: 'int4' }], command: 'SELECT' };
    assert.equal(textOf(renderResult({ ...base, rows: [[1]], rowCount: 3 }, {})).split('\n').at(-1), '(SELECT 3, 1 shown)');
    assert.equal(textOf(renderResult({ ...base, rows: [[1]], rowCount: 1 }, {})).split('\n').at(-1), '(SELECT 1)');
    assert.equal(textOf(renderResult({ ...base, rows: [], rowCount: 0 }, {})), 'id\n(no rows)\n(SELECT 0)');
    // A write's count is rows affected, not rows returned: no "shown" note.
    assert.equal(textOf(renderResult({ kind: 'table', columns: [], rows: [], command: 'UPDATE', rowCount: 5 }, {})), '(no columns)\n(UPDATE 5)');
  });

  it('cuts a long cell in the text at 200 characters, and only in the text', () => {
    const exact = 'a'.repeat(200);
    const long = 'b'.repeat(201);
    const out = renderResult({ kind: 'table', columns: [{ name: 'c', type: 'text' }], rows: [[exact], [long]], command: 'SELECT', rowCount: 2 }, {});
    const lines = textOf(out).split('\n');
    assert.equal(lines[1], exact);
    assert.equal(lines[2], `${'b'.repeat(200)}…`);
    assert.deepEqual(out.structuredContent.rows, [[exact], [long]]);
  });

  it('says where and why a result was cut, by rows or by bytes', () => {
    const rows = renderResult({ kind: 'table', columns: [{ name: 'c', type: 'text' }], rows: [['x']], command: 'SELECT', rowCount: 1, truncated: { reason: 'rows', limit: 1 } }, {});
    assert.equal(textOf(rows).split('\n').at(-1), 'Note: the result was cut at the limit of 1 rows; narrow the request to see the rest.');
    assert.deepEqual(rows.structuredContent.truncated, { reason: 'rows', limit: 1 });
    const bytes = renderResult({ kind: 'process', stdout: 'x', stderr: '', exitCode: 0, truncated: { reason: 'bytes', limit: 4096 } }, {});
    assert.equal(textOf(bytes).split('\n').at(-1), 'Note: the result was cut at the limit of 4096 bytes; narrow the request to see the rest.');
  });

  it("notes what masking changed, and counts zero when it gave no count", () => {
    const table: ToolResult = { kind: 'table', columns: [{ name: 'c', type: 'text' }], rows: [['x']], command: 'SELECT', rowCount: 1 };
    const noted = renderResult(table, { masked: 'masked 4 values (column:customers.email 4)', maskedCount: 4 });
    assert.equal(textOf(noted).split('\n').at(-1), 'Note: masked 4 values (column:customers.email 4).');
    assert.equal(noted.structuredContent.masked, 4);
    assert.equal(renderResult(table, { masked: 'masked something' }).structuredContent.masked, 0);
    const quiet = renderResult(table, {});
    assert.equal('masked' in quiet.structuredContent, false);
    assert.equal(textOf(quiet).includes('Note:'), false);
  });
});

describe('render: processes and documents', () => {
  it('shows the exit code and each stream under its own heading, and leaves out an empty one', () => {
    const both = renderResult({ kind: 'process', stdout: 'out', stderr: 'err', exitCode: 2 }, {});
    assert.equal(textOf(both), 'exit code: 2\n--- stdout ---\nout\n--- stderr ---\nerr');
    assert.deepEqual(both.structuredContent, { stdout: 'out', stderr: 'err', exitCode: 2 });
    assert.equal(textOf(renderResult({ kind: 'process', stdout: '', stderr: 'err', exitCode: 0 }, {})), 'exit code: 0\n--- stderr ---\nerr');
    assert.equal(textOf(renderResult({ kind: 'process', stdout: 'out', stderr: '', exitCode: 0 }, {})), 'exit code: 0\n--- stdout ---\nout');
  });

  it('names the signal of a process that had no exit code', () => {
    const killed = renderResult({ kind: 'process', stdout: '', stderr: '', exitCode: null, signal: 'SIGKILL' }, {});
    assert.equal(textOf(killed), 'exit code: none (signal SIGKILL)');
    assert.deepEqual(killed.structuredContent, { stdout: '', stderr: '', exitCode: null, signal: 'SIGKILL' });
    assert.equal(textOf(renderResult({ kind: 'process', stdout: '', stderr: '', exitCode: null }, {})), 'exit code: none (signal unknown)');
  });

  it('shows a text document as written and any other value as indented JSON, with its note', () => {
    assert.equal(textOf(renderResult({ kind: 'document', value: 'kind: Pod\nmetadata: {}' }, {})), 'kind: Pod\nmetadata: {}');
    const object = renderResult({ kind: 'document', value: { a: [1] }, note: '3 more hidden' }, {});
    assert.equal(textOf(object), '{\n  "a": [\n    1\n  ]\n}\n3 more hidden');
    assert.deepEqual(object.structuredContent, { value: { a: [1] }, note: '3 more hidden' });
    assert.deepEqual(renderResult({ kind: 'document', value: null }, {}).structuredContent, { value: null });
  });
});

describe('render: refusals', () => {
  it('gives the code, the message and the rules that decided, in text and structured', () => {
    const out = renderRefusal({ code: 'denied', message: 'No writes here.', rules: [{ id: 'no-writes', effect: 'deny' }, { id: 'audit', effect: 'review' }] as never, details: { approvalId: 'a-1' } });
    assert.equal(out.isError, true);
    assert.deepEqual(out.content, [{ type: 'text', text: 'Refused (denied): No writes here.\nRules: no-writes (deny), audit (review)' }]);
    assert.deepEqual(out.structuredContent, {
      error: { code: 'denied', message: 'No writes here.', rules: [{ id: 'no-writes', effect: 'deny' }, { id: 'audit', effect: 'review' }], approvalId: 'a-1' },
    });
  });

  it('has no rules line when no rule decided', () => {
    const out = renderRefusal({ code: 'audit_failed', message: 'not recorded', rules: [] });
    assert.equal(textOf(out), 'Refused (audit_failed): not recorded');
    assert.deepEqual(renderRefusal({ code: 'audit_failed', message: 'not recorded' }).structuredContent, { error: { code: 'audit_failed', message: 'not recorded' } });
  });
});
