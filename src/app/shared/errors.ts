import { databaseUnavailable, storageFault } from '../../store/errors.ts';
import type { ReasonCode } from '../../domain/reasons.ts';

/** Every error code the service answers with; the HTTP layer maps each to a status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  INVALID_CURSOR: 400,
  CONNECT_CODE_INVALID: 400,
  DEVICE_PROOF_INVALID: 400,
  DEVICE_PROOF_REPLAYED: 400,
  MERGE_SAME_DEVICE: 400,
  DEVICE_TOKEN_REVOKED: 401,
  DEVICE_ALREADY_LOST: 409,
  DEVICE_KEY_IN_USE: 409,
  ENROLLMENT_KEY_INVALID: 400,
  WEBHOOK_URL_INVALID: 400,
  WEBHOOK_URL_NOT_HTTPS: 400,
  WEBHOOK_URL_PRIVATE: 400,
  WEBHOOK_URL_UNRESOLVABLE: 400,
  INVITATION_INVALID: 410,
  PASSWORD_TOO_WEAK: 400,
  LINK_INVALID: 400,
  LINK_EXPIRED: 410,
  EMAIL_NOT_VERIFIED: 403,
  TWO_FACTOR_INVALID: 401,
  TWO_FACTOR_REQUIRED: 401,
  DOWNLOAD_LINK_EXPIRED: 410,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  STAFF_TWO_FACTOR_REQUIRED: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  ACTIVATION_CODE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ACTIVATION_CODE_IN_USE: 409,
  ALREADY_EXISTS: 409,
  EMAIL_IN_USE: 409,
  DELIVERY_FINAL: 409,
  LAST_ADMIN: 409,
  INVALID_TRANSITION: 409,
  SEND_REFUSED: 409,
  NO_INSTALLERS: 409,
  NOT_ACTIVE_ON_DEVICE: 409,
  REPLACES_NOT_A_SEAT_HOLDER: 409,
  REPLACE_ALREADY_PENDING: 409,
  RESERVE_ALREADY_WAITING: 409,
  RESERVE_FINAL: 409,
  REPLACE_NEEDS_ONE_DEVICE: 400,
  REPLACE_AND_RESERVE: 400,
  INSTALLER_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A refusal or failure that business code reports; never an HTTP exception. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reasons?: ReasonCode[];
  /** JSON pointer of the offending field. */
  readonly pointer?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    detail: string,
    extra: { reasons?: ReasonCode[]; pointer?: string; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.reasons = extra.reasons;
    this.pointer = extra.pointer;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);

/**
 * Whether the error means the service is briefly unavailable (its database cannot be reached):
 * the caller gets a 503 to retry, not a 500.
 */
export function isUnavailable(error: unknown): boolean {
  return databaseUnavailable(error);
}

/**
 * Whether the error means the database answers but its storage refuses the work (disk full,
 * read-only, I/O errors, corruption): a 503 too, with its own code, for operators to act on.
 */
export function isStorageUnavailable(error: unknown): boolean {
  return storageFault(error);
}
