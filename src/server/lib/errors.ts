// The one catalogue of error codes. Clients rely on the codes; messages are for humans.

export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication is required.' },
  TOKEN_EXPIRED: { status: 401, message: 'The access token has expired.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_ALLOWED: { status: 403, message: "This dancer's settings do not allow it." },
  CSRF_INVALID: { status: 403, message: 'The CSRF token is missing or invalid.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  // Only from Node's HTTP parser (clientErrorHandler): a request that did not arrive in time.
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive.' },
  CONFLICT: { status: 409, message: 'This conflicts with the current state.' },
  IDEMPOTENCY_MISMATCH: {
    status: 409,
    message: 'This Idempotency-Key was already used for a different request.',
  },
  // RSVP refusals a client can explain to the dancer without reading the message.
  EVENT_DATE_CANCELLED: { status: 409, message: 'This date is cancelled.' },
  EVENT_DATE_OVER: { status: 409, message: 'This date is over.' },
  PARTNER_ALREADY_REGISTERED: { status: 409, message: 'Your partner is already registered for this date.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not supported.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  TOO_MANY_CONNECTIONS: { status: 429, message: 'Too many open connections for this account.' },
  // Only from Node's HTTP parser (clientErrorHandler): the request line and headers exceed its limit.
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export const errors = {
  validation: (details: ErrorDetail[], message?: string) =>
    new AppError('VALIDATION_FAILED', message ?? ERROR_CATALOGUE.VALIDATION_FAILED.message, details),
  unauthenticated: (message?: string) => new AppError('UNAUTHENTICATED', message),
  forbidden: (message?: string) => new AppError('FORBIDDEN', message),
  notFound: (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found.`),
  conflict: (message?: string, details?: ErrorDetail[]) => new AppError('CONFLICT', message, details),
  eventDateCancelled: () => new AppError('EVENT_DATE_CANCELLED'),
  eventDateOver: () => new AppError('EVENT_DATE_OVER'),
  partnerAlreadyRegistered: () => new AppError('PARTNER_ALREADY_REGISTERED'),
  unavailable: (message?: string) => new AppError('UNAVAILABLE', message),
};
