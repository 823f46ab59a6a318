// The one error masking throws. The pipeline treats it as "withhold the whole result": a masking
// failure must never let a partly masked result through as if it were complete.

export type MaskingErrorCode =
  /** The profile or options cannot be compiled (bad regex, missing pseudonym key, ...). */
  | 'invalid_config'
  /** Something failed while masking a result; nothing of that result may be returned. */
  | 'masking_failed';

export class MaskingError extends Error {
  override readonly name = 'MaskingError';
  readonly code: MaskingErrorCode;

  /**
   * The message must never quote masked data or secret values: it may reach logs.
   * `cause` keeps the original error for internal diagnosis only.
   */
  constructor(code: MaskingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
