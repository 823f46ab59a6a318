import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['password']);
const R = '[REDACTED:password]';

describe('password assignment detector', () => {
  it('masks the value of credential key/value pairs in many notations', () => {
    for (const [input, expected] of [
      ['password=hunter2 user=bob', `password=${R} user=bob`],
      ['{"password": "correct horse", "user": "bob"}', `{"password": "${R}", "user": "bob"}`],
      ["pwd: 'swordfish'", `pwd: '${R}'`],
      ['DB_PASSWORD=Tr0ub4dor&3;x', `DB_PASSWORD=${R}`],
      ['psql --password s3cret -h db', `psql --password ${R} -h db`],
      ["ALTER ROLE app PASSWORD 'it''s secret';", `ALTER ROLE app PASSWORD '${R}';`],
      ['clientSecret: abc123', `clientSecret: ${R}`],
      ['x-api-key: abc123', `x-api-key: ${R}`],
      ['Authorization: Bearer opaque.token-1', `Authorization: Bearer ${R}`],
      ['{\\"token\\":\\"t0k\\"}', `{\\"token\\":\\"${R}\\"}`],
      ['secret_key => "k3y"', `secret_key => "${R}"`],
    ]) {
      assert.equal(mask(masker, input as string).text, expected, input);
    }
  });

  it('masks a value that only starts or ends with stars or a redaction mark: only a value wholly made of them is a placeholder', () => {
    for (const value of ['***hunter2', 'hunter2***', 'hunter2[REDACTED', 'x[REDACTED:password]']) {
      assert.equal(mask(masker, `password=${value}`).text, `password=${R}`, value);
    }
    for (const placeholder of ['*', '********', '[REDACTED:password]']) assert.equal(mask(masker, `password=${placeholder}`).text, `password=${placeholder}`, placeholder);
  });

  it('masks a quoted value that never closes up to the end of its line', () => {
    assert.equal(mask(masker, 'password: "abc def\nnext').text, `password: "${R}\nnext`);
  });

  it('leaves keys that only contain a credential word, placeholders and structure', () => {
    for (const decoy of [
      'password_hint: first pet',
      'max_tokens=4096',
      'secretName: db-creds',
      'PWD=/home/ops',
      'OLDPWD=/tmp',
      'password: null',
      'password: ****',
      '"password": {"type": "string"}',
      'bypass=true',
      'compass: north',
      'Enter password:',
      'password:\n  valueFrom: secret',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });
});
