/** An error with an HTTP status, a machine-readable code and whether its message may be shown. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly expose: boolean = status < 500,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);

/** A provider payload that lacks what its event needs: 400 `invalid_payload` wherever it is thrown. */
export class PayloadError extends HttpError {
  constructor(message: string) {
    super(400, 'invalid_payload', message);
    this.name = 'PayloadError';
  }
}
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const notFound = (code: string, message: string) => new HttpError(404, code, message);
