import { ERROR_STATUS } from '../../shared/contracts/errors';
import type { ErrorCode } from '../../shared/contracts/errors';

export interface ErrorIssue {
  path: string;
  message: string;
}

/** The one error type. Its code decides the HTTP status; its message says what to fix. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Input that passed its schema but not a rule of the domain: every issue, by field. */
  static invalid(issues: ErrorIssue[]): AppError {
    return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join(' '), issues);
  }

  /** The one "not found" answer for a kind: identical whether the record is missing or unreadable. */
  static notFound(kind: string): AppError {
    return new AppError('NOT_FOUND', `No ${kind} with this id.`);
  }

  /** When the caller may try again (a 429's Retry-After header), in seconds. */
  retryAfterSeconds?: number;

  static tooManyRequests(message: string, retryAfterSeconds: number): AppError {
    const error = new AppError('TOO_MANY_REQUESTS', message);
    error.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return error;
  }
}
