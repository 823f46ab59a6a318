// The server's log, which an operator tails: pino writes JSON, which leaves DEL, C1, bidi,
// invisible characters and separators raw, and a log line carries agent and token text (tool
// names, principal ids from OIDC claims, ids from API requests, database error messages). Every
// such character is written as a JSON escape, so a tailed line shows it and a log shipper parses
// the same value; configured secrets are still scrubbed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createScrubber } from '../../src/pipeline/scrub.ts';
import { createLogger } from '../../src/server/logger.ts';
import { DECOYS, HOSTILE, unsafe } from './hostile.ts';

function logged(fields: Record<string, unknown>, secrets: string[] = []): string[] {
  const lines: string[] = [];
  const logger = createLogger('info', createScrubber(secrets), { write: (line) => lines.push(line) });
  logger.warn(fields, 'call failed');
  return lines;
}

describe('log lines a person tails', () => {
  it('show every hidden character of agent text escaped, one line each, and parse back to it', () => {
    for (const h of HOSTILE) {
      const [line = ''] = logged({ tool: h.text, err: { message: `relation "${h.text}" does not exist` } });
      assert.equal(unsafe(line, h.raw), undefined, h.name);
      assert.equal(line.indexOf('\n'), line.length - 1, h.name);
      const parsed = JSON.parse(line) as { tool: string; err: { message: string } };
      assert.equal(parsed.tool, h.text, h.name);
      assert.equal(parsed.err.message, `relation "${h.text}" does not exist`, h.name);
    }
  });

  it('keep ordinary text in other scripts readable as it is', () => {
    for (const decoy of DECOYS) {
      const [line = ''] = logged({ principal: decoy });
      assert.ok(line.includes(decoy), `escaped ${decoy}`);
      assert.equal((JSON.parse(line) as { principal: string }).principal, decoy, decoy);
    }
  });

  it('still scrub a configured secret that is not ASCII', () => {
    const secret = 'pässwörd\u202e-42';
    const [line = ''] = logged({ err: { message: `login failed for ${secret}` } }, [secret]);
    assert.ok(!line.includes('pässwörd') && !line.includes('p\\u00e4'), line);
    assert.equal(unsafe(line), undefined);
  });
});
