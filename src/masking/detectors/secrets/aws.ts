// AWS credentials. Access key ids have a fixed prefix (AKIA long-term, ASIA temporary; also the
// other IAM unique-id prefixes that show up in key listings). Secret access keys are 40 random
// base64 characters with no prefix, so they count only right after their name in key=value,
// JSON, YAML or XML form: aws_secret_access_key=..., "SecretAccessKey": "...", <SecretAccessKey>.
import { caseless, gluedBefore, isAlnumCode, runLength } from '../chars.ts';
import type { AnchoredDetector, EmitSpan } from '../types.ts';

const KEY_ID_LENGTH = 20;

export const awsAccessKeyDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'aws_access_key',
  anchor: 'A(?:KIA|SIA|BIA|CCA)',
  matchAt(text: string, at: number, emit: EmitSpan): void {
    if (gluedBefore(text, at, isAlnumCode)) return;
    if (runLength(text, at, isAlnumCode, KEY_ID_LENGTH + 1) !== KEY_ID_LENGTH) return;
    // Ids are upper case letters and digits only.
    if (!/^[A-Z0-9]{20}$/.test(text.slice(at, at + KEY_ID_LENGTH))) return;
    emit(at, at + KEY_ID_LENGTH);
  },
};

const SECRET_LENGTH = 40;
const SEPARATOR = `${caseless('secret')}[_ -]?${caseless('access')}[_ -]?${caseless('key')}`;
/** The name, rest of the key, closing quote, separator (= : => > of XML), opening quote. */
const NAME_AND_SEPARATOR = new RegExp(`${SEPARATOR}[A-Za-z0-9_]*\\\\?["']?\\s*(?:=>|:=|[=:>])\\s*\\\\?["']?`, 'y');

function isSecretChar(code: number): boolean {
  return isAlnumCode(code) || code === 43 || code === 47 || code === 61; // + / =
}

export const awsSecretKeyDetector: AnchoredDetector = {
  shape: 'anchored',
  name: 'aws_secret_key',
  anchor: SEPARATOR,
  matchAt(text: string, at: number, emit: EmitSpan): void {
    NAME_AND_SEPARATOR.lastIndex = at;
    if (!NAME_AND_SEPARATOR.test(text)) return;
    const start = NAME_AND_SEPARATOR.lastIndex;
    if (runLength(text, start, isSecretChar, SECRET_LENGTH + 1) !== SECRET_LENGTH) return;
    emit(start, start + SECRET_LENGTH);
  },
};
