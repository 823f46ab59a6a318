// The registry under a reload: unchanged connections keep their handle (and pool), a relabeled one
// keeps it too, a connection whose settings or secrets changed gets a new one while the old one
// stays open until the last call holding it lets go, and a removed one closes the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import type { LoadedConnection } from '../../src/config/load.ts';
import { createRegistry } from '../../src/pipeline/registry.ts';
import type { Connection, ToolPack } from '../../src/pipeline/toolpack.ts';
import { readPack } from '../fixtures/read-pack.ts';

interface CountedHandle extends Connection {
  id: number;
  closed: boolean;
}

function countingPack(): { pack: ToolPack; opened: CountedHandle[] } {
  const opened: CountedHandle[] = [];
  const base = readPack('thing', async () => ({ kind: 'text', text: '' }) as never);
  const pack: ToolPack = {
    ...base,
    connectionSchema: z.object({ host: z.string() }),
    open: () => {
      const handle: CountedHandle = { id: opened.length + 1, closed: false, close: async () => void (handle.closed = true) };
      opened.push(handle);
      return handle;
    },
  };
  return { pack, opened };
}

const connection = (pack: ToolPack, name: string, host: string, extra: { password?: string; env?: string } = {}): [string, LoadedConnection] => [
  name,
  { target: { name, type: pack.type, labels: { env: extra.env ?? 'dev' } }, pack, config: { host }, secrets: extra.password ? { password: extra.password } : {} },
];
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('registry reload', () => {
  it('keeps unchanged and relabeled handles, reopens changed ones after their calls finish, closes removed ones', async () => {
    const { pack, opened } = countingPack();
    const registry = createRegistry([pack], new Map([connection(pack, 'a', 'h1'), connection(pack, 'b', 'h2', { password: 'p1' }), connection(pack, 'c', 'h3')]));
    const [a, b, c] = opened as [CountedHandle, CountedHandle, CountedHandle];
    const releaseB = registry.hold(registry.targets.get('b')!);

    const changes = registry.update(new Map([connection(pack, 'a', 'h1', { env: 'prod' }), connection(pack, 'b', 'h2', { password: 'p2' }), connection(pack, 'd', 'h4')]));
    assert.deepEqual(changes, { added: ['d'], removed: ['c'], reopened: ['b'], relabeled: ['a'] });
    await settled();
    assert.equal(registry.targets.get('a')?.handle, a, 'a relabeled connection keeps its handle');
    assert.deepEqual(registry.targets.get('a')?.target.labels, { env: 'prod' });
    assert.notEqual(registry.targets.get('b')?.handle, b, 'a changed secret opens a new handle');
    assert.equal(b.closed, false, 'the old handle stays open while a call holds it');
    assert.equal(c.closed, true, 'a removed connection no call holds closes at once');
    assert.equal(a.closed, false);

    releaseB();
    releaseB();
    await settled();
    assert.equal(b.closed, true, 'closed once the last call let go');
    assert.deepEqual(registry.update(new Map([connection(pack, 'a', 'h1', { env: 'prod' }), connection(pack, 'b', 'h2', { password: 'p2' }), connection(pack, 'd', 'h4')])), { added: [], removed: [], reopened: [], relabeled: [] });
    assert.equal(opened.length, 5, 'an unchanged config opens nothing');
  });

  it('offers a pack\'s tools only while a connection of its type is configured', () => {
    const { pack } = countingPack();
    const registry = createRegistry([pack], new Map([connection(pack, 'a', 'h1')]));
    assert.ok(registry.tools.has('thing_read'));
    registry.update(new Map());
    assert.equal(registry.tools.size, 0);
    assert.deepEqual(registry.targetsOfType('thing'), []);
  });
  it('closes a retired handle only when every call holding it let go, each counted once', async () => {
    const { pack, opened } = countingPack();
    const registry = createRegistry([pack], new Map([connection(pack, 'a', 'h1')]));
    const [a] = opened as [CountedHandle];
    const first = registry.hold(registry.targets.get('a')!);
    const second = registry.hold(registry.targets.get('a')!);
    assert.deepEqual(registry.update(new Map([connection(pack, 'a', 'h9')])).reopened, ['a'], 'a changed setting reopens');
    first();
    first();
    await settled();
    assert.equal(a.closed, false, 'a release called twice counts once: the second call still holds it');
    second();
    await settled();
    assert.equal(a.closed, true);
  });

  it('reopens a connection whose pack changed, and close() closes open and retired handles alike', async () => {
    const one = countingPack();
    const two = countingPack();
    const registry = createRegistry([one.pack, two.pack], new Map([connection(one.pack, 'a', 'h1'), connection(one.pack, 'b', 'h2')]));
    const [a, b] = one.opened as [CountedHandle, CountedHandle];
    const holdB = registry.hold(registry.targets.get('b')!);
    assert.deepEqual(registry.update(new Map([connection(two.pack, 'a', 'h1'), connection(one.pack, 'b', 'h2', { password: 'new' })])), { added: [], removed: [], reopened: ['a', 'b'], relabeled: [] });
    assert.equal(registry.targets.get('a')?.pack, two.pack);
    await registry.close();
    assert.deepEqual([a.closed, b.closed, ...two.opened.map((h) => h.closed), ...one.opened.slice(2).map((h) => h.closed)], [true, true, true, true]);
    holdB();
  });

  it('never closes a live handle when the calls holding it finish', async () => {
    const { pack, opened } = countingPack();
    const registry = createRegistry([pack], new Map([connection(pack, 'a', 'h1')]));
    registry.hold(registry.targets.get('a')!)();
    await settled();
    assert.equal(opened[0]?.closed, false);
  });

  it("offers no tools of a pack with no connection of its type", () => {
    const { pack } = countingPack();
    const other: ToolPack = { ...readPack('other', async () => ({ kind: 'document', value: null })) };
    const registry = createRegistry([pack, other], new Map([connection(pack, 'a', 'h1')]));
    assert.deepEqual([...registry.tools.keys()], ['thing_read']);
  });

  it('opens nothing when it only classifies', () => {
    const { pack, opened } = countingPack();
    const registry = createRegistry([pack], new Map([connection(pack, 'a', 'h1')]), undefined, { classifyOnly: true });
    assert.equal(opened.length, 0);
    assert.ok(registry.tools.has('thing_read'));
    assert.equal(typeof registry.targets.get('a')?.handle.close, 'function');
  });
});
