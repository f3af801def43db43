/** Error thrown by MessageSender implementations; the outbox decides retry vs dead-letter from it. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly code: string = retryable ? 'transient' : 'permanent',
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
