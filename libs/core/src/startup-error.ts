/**
 * A start-up failure the person starting the process can fix (a port in use, a database out of
 * reach, a data directory held by another process): main prints its message alone, on one
 * line of stderr, and exits 1. Anything else is a bug and keeps its stack.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** What main prints when start-up fails: the message of a StartupError, else the stack. */
export function describeStartupFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
