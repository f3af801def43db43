/**
 * The logging seam: the subset of pino's API the code base uses, so a pino logger can be passed
 * anywhere a Logger is expected and tests can pass `silentLogger` or a recording fake.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => {};

/** A Logger that drops everything (default for library code and tests). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
