import { AppError, type ErrorCode } from '../http/errors.js';

/**
 * A refusal that ends at a known time. The error handler answers it with a `Retry-After`
 * header of `retryAfterSeconds` (at least 1).
 */
export class RetryLaterError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(code: ErrorCode, retryAfterSeconds: number) {
    super(code);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
