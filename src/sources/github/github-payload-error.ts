/** A GitHub payload that lacks what its event needs; the HTTP layer answers 400 with `message`. */
export class GithubPayloadError extends Error {
  readonly status = 400;
  readonly code = 'invalid_github_payload';
  readonly expose = true;

  constructor(reason: string) {
    super(`invalid GitHub payload: ${reason}`);
    this.name = 'GithubPayloadError';
  }
}
