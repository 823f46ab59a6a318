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
      // a quote escaped inside the value does not end it; a value never closed runs to the end of the text
      ['password="ab\\"cd ef" user=bob', `password="${R}" user=bob`],
      ['password="abc def', `password="${R}`],
    ]) {
      assert.equal(mask(masker, input as string).text, expected, input);
    }
  });

  it('masks credentials written with no key/value separator: XML elements, SQL user statements, a MySQL client\'s -p', () => {
    for (const [input, expected] of [
      ['<password>S3cret pass</password><user>bob</user>', `<password>${R}</password><user>bob</user>`],
      ['<apiKey>k3y-9</apiKey>', `<apiKey>${R}</apiKey>`],
      ["CREATE USER 'app'@'%' IDENTIFIED BY 'S3cret';", `CREATE USER 'app'@'%' IDENTIFIED BY '${R}';`],
      ["ALTER USER app IDENTIFIED WITH mysql_native_password BY 'S3cret'", `ALTER USER app IDENTIFIED WITH mysql_native_password BY '${R}'`],
      ['create user scott identified by tiger1234;', `create user scott identified by ${R}`],
      ["SET PASSWORD FOR 'u'@'h' = 'S3cret'", `SET PASSWORD FOR 'u'@'h' = '${R}'`],
      ["SET PASSWORD FOR app = PASSWORD('S3cret');", `SET PASSWORD FOR app = PASSWORD('${R}');`],
      ['mysql -h db -uroot -pS3cret shop', `mysql -h db -uroot -p${R} shop`],
      ["mysqldump -uroot -p'S3 cret' shop", `mysqldump -uroot -p'${R}' shop`],
      ['root 4242 0.0 mariadb -pS3cret', `root 4242 0.0 mariadb -p${R}`],
      // a long command line, as ps prints it: options before the password are read up to 256 characters
      [`mysql ${'--ssl-mode=REQUIRED '.repeat(10)}-pS3cret`, `mysql ${'--ssl-mode=REQUIRED '.repeat(10)}-p${R}`],
      ['SECRET_KEY_BASE=9f8e7d6c5b4a3928', `SECRET_KEY_BASE=${R}`],
      ['credentials: s3cr3t-v4lue', `credentials: ${R}`],
    ]) {
      assert.equal(mask(masker, input as string).text, expected, input);
    }
    // No password there: prompted for, prose, or a flag of another program.
    for (const decoy of ['mysql -u root -p shop', "mysql -u root -p -e 'select 1'", 'the mysql docs say use -p', 'users are identified by their email', 'tar -pxf x.tar', 'mysql -u root\nls -pa']) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
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

  it('masks every item of a credential list, the key singular or plural, in JSON, YAML and escaped JSON, over lines too', () => {
    for (const [input, expected] of [
      ['"password": ["hunter2", "x"]', `"password": ["${R}", "${R}"]`],
      ['passwords: [hunter2, swordfish]', `passwords: [${R}, ${R}]`],
      ['password=[abc]', `password=[${R}]`],
      ['{"apiKeys": [\n  "k1-abc",\n  "k2-def"\n], "user": "bob"}', `{"apiKeys": [\n  "${R}",\n  "${R}"\n], "user": "bob"}`],
      ['{\\"passwords\\":[\\"a b\\",\\"c\\"]}', `{\\"passwords\\":[\\"${R}\\",\\"${R}\\"]}`],
      ['password: ["never closed\nnext line', `password: ["${R}\nnext line`],
    ]) {
      assert.equal(mask(masker, input as string).text, expected, input);
    }
  });

  it('leaves empty lists, placeholders in a list, and lists of objects to the keys inside them', () => {
    for (const decoy of ['"tokens": []', 'password: [REDACTED]', 'token: [null, "", "***"]', 'api_key: [[1, 2]]', 'password: [<x>]', 'keys: [a, b]', 'bypasses: [a]', '"passwords": {"type": "array"}']) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
    assert.equal(mask(masker, '"credentials": [{"user": "ann", "password": "p1"}]').text, `"credentials": [{"user": "ann", "password": "${R}"}]`);
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
