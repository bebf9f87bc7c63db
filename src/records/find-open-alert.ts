import type { Records } from "./database.ts";

export interface OpenAlert {
  readonly id: number;
  readonly kind: string;
  readonly openedAt: Date;
  readonly notified: boolean;
  /** Message-ID of the alert email, for threading the recovery notice under it. */
  readonly emailMessageId: string | null;
}

/** The alert raised and not yet resolved, if any (there is at most one). */
export async function findOpenAlert(db: Records): Promise<OpenAlert | null> {
  const row = await db.alert.findFirst({
    where: { resolvedAt: null },
    orderBy: { id: "desc" },
    include: { replies: { where: { kind: "support-alert" }, select: { messageId: true }, take: 1 } },
  });
  if (!row) return null;
  return { id: row.id, kind: row.kind, openedAt: row.openedAt, notified: row.notified, emailMessageId: row.replies[0]?.messageId ?? null };
}
