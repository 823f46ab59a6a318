import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['url_password']);

describe('url password detector', () => {
  it('masks only the password of scheme://user:password@host', () => {
    for (const [input, expected] of [
      ['postgres://app:hunter2@db:5432/shop', 'postgres://app:[REDACTED:url_password]@db:5432/shop'],
      ['redis://:r3d1s@cache:6379', 'redis://:[REDACTED:url_password]@cache:6379'],
      ['mongodb+srv://admin:S3c/ure!@cluster.example.net', 'mongodb+srv://admin:[REDACTED:url_password]@cluster.example.net'],
      ['"https://u:p%40ss@git.example.com/r.git"', '"https://u:[REDACTED:url_password]@git.example.com/r.git"'],
      // A scheme is a letter, then letters, digits, "+", "-" or "." (RFC 3986): a digit right after one of those marks is still inside it.
      ['z39.50r://user:s3cret@catalog.example.org', 'z39.50r://user:[REDACTED:url_password]@catalog.example.org'],
      ['web+1x://u:s3cret@h.example', 'web+1x://u:[REDACTED:url_password]@h.example'],
      ['x-2y://u:s3cret@h.example', 'x-2y://u:[REDACTED:url_password]@h.example'],
      // a password holding an unescaped "@" runs to the last one before the host
      ['postgres://app:hun@ter2@db/shop', 'postgres://app:[REDACTED:url_password]@db/shop'],
      ['postgres://app:h@u@n@db:5432/shop', 'postgres://app:[REDACTED:url_password]@db:5432/shop'],
    ]) {
      assert.equal(mask(masker, input as string).text, expected);
    }
  });

  it('masks the password whatever stands before "://": a scheme broken by SQL (regexp_replace) is still a URL to whoever reads it', () => {
    for (const [input, expected] of [
      ['1://app:hunter2@db:5432/shop', '1://app:[REDACTED:url_password]@db:5432/shop'],
      ['://app:hunter2@db:5432/shop', '://app:[REDACTED:url_password]@db:5432/shop'],
      ['dsn=_postgres://app:hunter2@db/shop', 'dsn=_postgres://app:[REDACTED:url_password]@db/shop'],
      ['-://app:hunter2@db', '-://app:[REDACTED:url_password]@db'],
      // a network-path reference (RFC 3986: no scheme at all), and the scheme dropped by SQL
      ['//app:hunter2@db:5432/shop', '//app:[REDACTED:url_password]@db:5432/shop'],
      ['dsn=//app:hunter2@db/shop', 'dsn=//app:[REDACTED:url_password]@db/shop'],
    ]) {
      assert.equal(mask(masker, input as string).text, expected);
    }
  });

  it('masks the password of a connection string whose scheme and slashes were cut off, when a port, path, query or driver follows the host', () => {
    for (const [input, expected] of [
      ['app:hunter2@db:5432/shop', 'app:[REDACTED:url_password]@db:5432/shop'],
      ['app:hunter2@db/shop', 'app:[REDACTED:url_password]@db/shop'],
      ['app:hunter2@db.internal:5432', 'app:[REDACTED:url_password]@db.internal:5432'],
      ['app:hunter2@10.0.0.5:6379', 'app:[REDACTED:url_password]@10.0.0.5:6379'],
      ['app:hunter2@[::1]:5432/shop', 'app:[REDACTED:url_password]@[::1]:5432/shop'],
      ['app:hunter2@db?sslmode=require', 'app:[REDACTED:url_password]@db?sslmode=require'],
      // Go's MySQL DSN has no "//" at all
      ['root:hunter2@tcp(db:3306)/shop', 'root:[REDACTED:url_password]@tcp(db:3306)/shop'],
      ['dsn=app:hunter2@db:5432/shop', 'dsn=app:[REDACTED:url_password]@db:5432/shop'],
      ['{"dsn":"app:hunter2@db:5432/shop"}', '{"dsn":"app:[REDACTED:url_password]@db:5432/shop"}'],
      ['| app:hunter2@db:5432/shop |', '| app:[REDACTED:url_password]@db:5432/shop |'],
      // the scheme kept, the slashes cut: the mask may take the user too, never less than the password
      ['postgres:app:hunter2@db:5432/shop', 'postgres:[REDACTED:url_password]@db:5432/shop'],
      // no user, a password holding "@", ":" or "/"
      [':hunter2@cache:6379', ':[REDACTED:url_password]@cache:6379'],
      ['app:hun@ter2@db:5432/shop', 'app:[REDACTED:url_password]@db:5432/shop'],
      ['app:hu:n/ter2@db:5432/shop', 'app:[REDACTED:url_password]@db:5432/shop'],
      ['app:hunter2@db:5432', 'app:[REDACTED:url_password]@db:5432'],
    ]) {
      assert.equal(mask(masker, input as string).text, expected, input);
    }
  });

  it('leaves user:password@host forms that name no connection: nothing after the host, or a digest rather than a port', () => {
    for (const decoy of [
      'user:pass@host',
      'mailto:ada@example.com',
      'image: nginx:1.25@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
      'ghcr.io/org/app:v2@sha256:12345abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234',
      'at 10:30@home',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });

  it('leaves URLs without a password', () => {
    for (const decoy of [
      'https://user@example.com/path',
      'https://example.com:8080/path',
      'http://localhost:3000/users/@me',
      'http://host:8080/x@y',
      'http://host:8080/x@y@z',
      'app:@db:5432/shop',
      'postgres://app:@db/shop',
      'not a url: user:pass@host',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });
});
