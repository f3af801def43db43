import { PayloadError } from '../../http/http-error.ts';

/** A GitHub payload that lacks what its event needs; the HTTP layer answers 400 with `message`. */
export class GithubPayloadError extends PayloadError {
  constructor(reason: string) {
    super(`invalid GitHub payload: ${reason}`);
    this.name = 'GithubPayloadError';
  }
}
