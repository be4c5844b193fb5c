/** The longest wait between two attempts of one delivery. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * Wait before the next attempt after `attempts` failed ones: base x 2^(attempts-1), capped at
 * an hour, jittered to 50-100 % so endpoints that failed together do not retry together.
 * With the 10 s default base the first retry comes within 10 s; a delivery is retried until it
 * succeeds or its endpoint is disabled (3 days of failures), so well beyond 24 h.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: number): number {
  const exponential = Math.min(
    baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)),
    MAX_RETRY_DELAY_MS,
  );
  return Math.round(exponential * (0.5 + random / 2));
}
