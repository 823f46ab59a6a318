// Operator-defined detectors: a regex, optionally a named validator the match must pass. When the
// pattern has a capturing group, only group 1 is masked, so context can be part of the pattern
// ("employee_id: (\d{6})") without being masked. Patterns are compiled once, at masker creation.
import type { MatchValidator } from '../validators.ts';
import type { EmitSpan, ScanningDetector } from './types.ts';

export interface CustomDetectorSpec {
  name: string;
  pattern: string;
  flags: string;
  validator?: MatchValidator;
}

/** Number of capturing groups in a regex source, counted by the engine itself. */
function groupCount(source: string, flags: string): number {
  return (new RegExp(`${source}|`, flags).exec('')?.length ?? 1) - 1;
}

export function createCustomDetector(spec: CustomDetectorSpec): ScanningDetector {
  const masksGroup = groupCount(spec.pattern, spec.flags) > 0;
  const regex = new RegExp(spec.pattern, `${spec.flags}g${masksGroup ? 'd' : ''}`);
  const validator = spec.validator;
  return {
    shape: 'scanning',
    name: spec.name,
    minLength: 1,
    canMatch: () => true,
    scan(text: string, emit: EmitSpan): void {
      regex.lastIndex = 0;
      let found: RegExpExecArray | null;
      while ((found = regex.exec(text)) !== null) {
        if (found[0].length === 0) {
          regex.lastIndex++; // an empty match would otherwise repeat forever
          continue;
        }
        const range = masksGroup ? found.indices?.[1] : ([found.index, found.index + found[0].length] as const);
        if (range === undefined || range[0] === range[1]) continue;
        const [start, end] = range;
        if (validator !== undefined && !validator(text.slice(start, end))) continue;
        emit(start, end);
      }
    },
  };
}
