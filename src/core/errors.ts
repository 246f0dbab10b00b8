/**
 * Errors the core raises. Each carries a stable code from PROTOCOLS.md section 1;
 * dialects translate the code into their own wire format.
 */
export const ErrorCode = {
  SYSTEM: 10500,
  AUTH_FAILED: 10401,
  NOT_FOUND: 10404,
  PARAM_PROCESS: 10505,
  PARAM_INVALID: 10506,
  DUPLICATE: 10507,
  CHANNEL_NOT_FOUND: 20011,
  METHOD_NOT_FOUND: 20012,
  CHANNEL_DISABLED: 20021,
  METHOD_DISABLED: 20022,
  CONFIG_ERROR: 20024,
  CONFIG_MISSING: 20025,
  UNSUPPORTED: 20030,
  TRADE_NOT_FOUND: 20041,
  TRADE_CLOSED: 20042,
  TRADE_IN_PROGRESS: 20043,
  TRADE_STATUS: 20044,
  TRADE_FAILED: 20045,
  SIGN_INVALID: 20052,
  AMOUNT_OVER_LIMIT: 20060,
  OPERATION_FAILED: 20080,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class PayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'PayError';
  }
}

export const invalid = (field: string, message: string) => new PayError(ErrorCode.PARAM_INVALID, message, field);
