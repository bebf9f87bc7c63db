// Whether a console session still stands: signed out, past its lifetime or idle too long
// ends it. Pure; the request hook (src/console/signed-in.ts) acts on the answer.
import type { ConsoleSessionRow } from "../../records/console-sessions.ts";

export interface SessionLimits {
  /** From sign-in, whatever happens. */
  readonly lifetimeMs: number;
  /** Since the last page asked for. */
  readonly idleMs: number;
}

export type SessionEnd = "signed-out" | "expired" | "idle";

/** Why the session no longer stands, or null while it does. */
export function sessionEnd(session: Pick<ConsoleSessionRow, "startedAt" | "lastSeenAt" | "endedAt">, now: Date, limits: SessionLimits): SessionEnd | null {
  if (session.endedAt !== null) return "signed-out";
  if (now.getTime() - session.startedAt.getTime() >= limits.lifetimeMs) return "expired";
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return "idle";
  return null;
}

/** What the sign-in page says to someone whose session ended without their signing out. */
export function endNotice(end: SessionEnd, limits: SessionLimits): string | null {
  switch (end) {
    case "signed-out":
      return null;
    case "expired":
      return `You have been signed out: a sign-in lasts ${Math.round(limits.lifetimeMs / 3_600_000)} hours. Sign in again to continue.`;
    case "idle":
      return `You have been signed out because you were inactive for ${Math.round(limits.idleMs / 60_000)} minutes. Sign in again to continue.`;
  }
}

/** lastSeenAt is written at most this often: a page view is not a database write each time. */
export const TOUCH_INTERVAL_MS = 60_000;
