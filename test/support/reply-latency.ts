// How long a form takes from delivery into the mailbox to its replies reaching the SMTP server,
// measured one delivery at a time, for the tests and bench/idle-latency.ts.
import { setTimeout as sleep } from "node:timers/promises";
import type { Dovecot } from "./dovecot.ts";
import type { SmtpReceiver } from "./smtp-receiver.ts";

export interface LatencySummary {
  readonly deliveries: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of samples already sorted ascending. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export function summariseLatency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms);
  return {
    deliveries: sorted.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] ?? Number.NaN),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Polls `ready` every few milliseconds until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(5);
  }
}

/**
 * Delivers one message into Dovecot's INBOX (IMAP APPEND) and waits until the SMTP server has
 * received `replies` more mails: the milliseconds from the start of delivery to the last reply.
 */
export async function timeToReplies(
  dovecot: Dovecot,
  smtp: SmtpReceiver,
  raw: Buffer,
  replies: number,
  timeoutMs = 30_000,
): Promise<number> {
  const target = smtp.received.length + replies;
  const started = performance.now();
  await dovecot.deliver(raw);
  await waitUntil(() => smtp.received.length >= target, timeoutMs, `${replies} replies to a delivered message`);
  return performance.now() - started;
}
