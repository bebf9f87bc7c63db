/** One day in milliseconds: the window of the daily reply cap and of the failed replies the outbox state counts. */
export const DAY_MS = 24 * 60 * 60 * 1000;
