// Cases: a referred message opens one (or joins its request's), a later judgement may resolve or
// reopen it, an agent's action changes it. Every change is a conditional update on the case's
// version, so of two changes made at once exactly one wins, and each is written to the audit
// trail with who made it and their note.
import type { CaseState, Resolution } from "../requests/case-state.ts";
import type { Outcome, ReasonCode } from "../rules/reasons.ts";
import { audit } from "./audit.ts";
import { caseResolutions, caseStates, orNull, outcomes, reasonCodes } from "./closed-sets.ts";
import type { Records, Transaction } from "./database.ts";
import { dateOfDay, dayOfDate } from "./days.ts";
import type { Prisma } from "./generated/client.ts";

/** The intake itself, as the one who resolved a case by judging a follow-up. */
export const INTAKE_ACTOR = "intake";

export interface CaseRecord {
  readonly id: number;
  readonly state: CaseState;
  readonly requestId: number | null;
  readonly openedAt: Date;
  readonly updatedAt: Date;
  readonly claimedBy: string | null;
  /** yyyy-mm-dd, while snoozed. */
  readonly snoozedUntil: string | null;
  readonly resolution: Resolution | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
  readonly version: number;
}

const CASE_ROW = {
  id: true,
  state: true,
  requestId: true,
  openedAt: true,
  updatedAt: true,
  claimedBy: true,
  snoozedUntil: true,
  resolution: true,
  resolvedBy: true,
  resolvedAt: true,
  version: true,
} satisfies Prisma.CaseSelect;
type CaseRow = Prisma.CaseGetPayload<{ select: typeof CASE_ROW }>;

function caseRecord(row: CaseRow): CaseRecord {
  return {
    ...row,
    state: caseStates.domain(row.state),
    snoozedUntil: row.snoozedUntil ? dayOfDate(row.snoozedUntil) : null,
    resolution: orNull(row.resolution, caseResolutions.domain),
  };
}

export async function findCase(db: Records, caseId: number): Promise<CaseRecord | null> {
  const row = await db.case.findUnique({ where: { id: caseId }, select: CASE_ROW });
  return row ? caseRecord(row) : null;
}

/** What a change makes of a case; the fields not named stay as they are. */
export interface CaseChange {
  readonly state: CaseState;
  readonly claimedBy?: string | null;
  readonly snoozedUntil?: string | null;
  readonly resolution?: Resolution | null;
  /** The audit line: its event, the agent (null: the intake) and their note. */
  readonly event: string;
  readonly actor: string | null;
  readonly note?: string | null;
  readonly detail?: string | null;
}

/**
 * Changes the case if it is still at `version`: false when someone else changed it first (and
 * nothing was written). A resolving change records who resolved it and when.
 */
export async function changeCase(tx: Records, current: CaseRecord, change: CaseChange, at: Date): Promise<boolean> {
  const resolving = change.state === "resolved";
  const { count } = await tx.case.updateMany({
    where: { id: current.id, version: current.version },
    data: {
      state: caseStates.stored(change.state),
      updatedAt: at,
      version: current.version + 1,
      ...(change.claimedBy !== undefined ? { claimedBy: change.claimedBy, claimedAt: change.claimedBy === null ? null : at } : {}),
      ...(change.snoozedUntil !== undefined ? { snoozedUntil: change.snoozedUntil === null ? null : dateOfDay(change.snoozedUntil) } : {}),
      ...(resolving
        ? { resolution: orNull(change.resolution ?? null, caseResolutions.stored), resolvedBy: change.actor ?? INTAKE_ACTOR, resolvedAt: at }
        : {}),
    },
  });
  if (count === 0) return false;
  await audit(tx, {
    at,
    subjectType: "case",
    subjectId: current.id,
    event: change.event,
    fromState: current.state,
    toState: resolving && change.resolution ? `resolved:${change.resolution}` : change.state,
    detail: change.detail ?? null,
    actor: change.actor,
    note: change.note ?? null,
  });
  return true;
}

/** What the judgement of a message says about its place in a case. */
export interface JudgedForCase {
  readonly inboundId: number;
  readonly requestId: number | null;
  readonly outcome: Outcome;
  readonly reasons: readonly ReasonCode[];
  readonly at: Date;
  /** Something proved the sender: only then may the message join a case it did not open. */
  readonly senderVerified: boolean;
  /** An agent's action is judging it again and settles the case itself. */
  readonly settledByAgent?: boolean;
}

/**
 * The unresolved case a message about `requestId` belongs to: the request's own, or that of the
 * earlier referred request it follows, when the same address sent both.
 */
async function unresolvedCaseFor(tx: Transaction, requestId: number, fromAddress: string | null): Promise<CaseRecord | null> {
  const own = await tx.case.findFirst({ where: { requestId, state: { not: "resolved" } }, orderBy: { id: "asc" }, select: CASE_ROW });
  if (own) return caseRecord(own);
  const request = await tx.request.findUnique({ where: { id: requestId }, select: { earlierRequestId: true } });
  if (!request?.earlierRequestId || fromAddress === null) return null;
  const earlier = await tx.case.findFirst({
    where: { requestId: request.earlierRequestId, state: { not: "resolved" }, messages: { some: { fromAddress } } },
    orderBy: { id: "asc" },
    select: CASE_ROW,
  });
  return earlier ? caseRecord(earlier) : null;
}

/**
 * Places a judged message in the casework, in the transaction of its decision (a message whose
 * sender nothing proved only ever opens a case of its own):
 * - referred to people: it joins the unresolved case of its request (a snoozed or waiting case
 *   opens again: the follow-up needs a person), or opens a case of its own;
 * - otherwise, a follow-up to a request with an unresolved case joins it: accepted, it resolves
 *   the case (judged again, by the intake); rejected, it reopens a case put aside;
 * - judged again and no longer referred, its own case is resolved (judged again).
 */
export async function placeInCase(tx: Transaction, judged: JudgedForCase): Promise<number | null> {
  const { inboundId, requestId, outcome, at } = judged;
  const message = await tx.message.findUniqueOrThrow({ where: { id: inboundId }, select: { caseId: true, fromAddress: true } });
  const detail = judged.reasons.join(",") || null;
  // A message whose sender nothing proved never joins (or reopens, or resolves) a case it did
  // not open: anyone can write another person's From address.
  const current =
    message.caseId !== null
      ? await findCase(tx, message.caseId)
      : requestId !== null && judged.senderVerified
        ? await unresolvedCaseFor(tx, requestId, message.fromAddress)
        : null;

  if (current && message.caseId === null) {
    await tx.message.update({ where: { id: inboundId }, data: { caseId: current.id } });
    await audit(tx, { at, subjectType: "case", subjectId: current.id, event: "message-joined", detail: `message ${inboundId}: ${outcome}${detail ? ` (${detail})` : ""}` });
  }
  // A request opened by this judgement (a form referred before any request existed) is the case's.
  if (current && current.requestId === null && requestId !== null) {
    await tx.case.update({ where: { id: current.id }, data: { requestId } });
  }
  if (judged.settledByAgent) return current?.id ?? null;

  if (outcome === "flagged") {
    if (!current || current.state === "resolved") {
      const created = await tx.case.create({ data: { state: "open", requestId, openedAt: at, updatedAt: at, version: 1 }, select: { id: true } });
      await tx.message.update({ where: { id: inboundId }, data: { caseId: created.id } });
      await audit(tx, { at, subjectType: "case", subjectId: created.id, event: "opened", toState: "open", detail });
      return created.id;
    }
    if (current.state === "snoozed" || current.state === "waiting") {
      await changeCase(tx, current, { state: "open", snoozedUntil: null, event: "reopened", actor: null, detail: "a follow-up was referred to people" }, at);
    }
    return current.id;
  }
  if (!current || current.state === "resolved") return current?.id ?? null;
  if (outcome === "accepted") {
    await changeCase(tx, current, { state: "resolved", resolution: "judged-again", event: "resolved", actor: null, detail: `message ${inboundId} accepted` }, at);
  } else if (outcome === "rejected" && (current.state === "snoozed" || current.state === "waiting")) {
    await changeCase(tx, current, { state: "open", snoozedUntil: null, event: "reopened", actor: null, detail: `a follow-up was rejected (${detail ?? "no reason"})` }, at);
  }
  return current.id;
}

/** Snoozed cases whose day has come are open again (looked at whenever the queue is). */
export async function wakeSnoozedCases(db: Records, today: string, at: Date): Promise<number> {
  const due = await db.case.findMany({ where: { state: "snoozed", snoozedUntil: { lte: dateOfDay(today) } }, select: CASE_ROW });
  let woken = 0;
  for (const row of due) {
    if (await changeCase(db, caseRecord(row), { state: "open", snoozedUntil: null, event: "woke", actor: null, detail: `snoozed until ${dayOfDate(row.snoozedUntil ?? at)}` }, at)) woken++;
  }
  return woken;
}

export interface CaseListing extends CaseRecord {
  readonly reasons: ReasonCode[];
  readonly requestReference: string | null;
  readonly fromAddress: string | null;
  readonly subject: string | null;
  readonly messageId: string | null;
}

export interface CaseFilter {
  readonly state?: CaseState;
  /** Only cases not yet resolved (ignored when a state is given). */
  readonly unresolved?: boolean;
  readonly reason?: ReasonCode;
  /** The agent who claimed or resolved it. */
  readonly agent?: string;
  /** Opened at or before this time (cases at least this old). */
  readonly openedBefore?: Date;
  readonly limit: number;
  readonly offset: number;
}

const FIRST_MESSAGE = {
  orderBy: { id: "asc" },
  take: 1,
  select: {
    messageId: true,
    fromAddress: true,
    subject: true,
    decisions: { orderBy: { id: "desc" }, take: 1, select: { findings: { orderBy: { id: "asc" }, select: { code: true } } } },
  },
} satisfies Prisma.Case$messagesArgs;

/** Cases, oldest first, with the reasons of the message that opened each. */
export async function listCases(db: Records, filter: CaseFilter): Promise<{ cases: CaseListing[]; total: number }> {
  const where: Prisma.CaseWhereInput = {
    ...(filter.state ? { state: caseStates.stored(filter.state) } : filter.unresolved ? { state: { not: caseStates.stored("resolved") } } : {}),
    ...(filter.agent ? { OR: [{ claimedBy: filter.agent }, { resolvedBy: filter.agent }] } : {}),
    ...(filter.openedBefore ? { openedAt: { lte: filter.openedBefore } } : {}),
    ...(filter.reason ? { messages: { some: { decisions: { some: { findings: { some: { code: reasonCodes.stored(filter.reason) } } } } } } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.case.findMany({
      where,
      orderBy: [{ openedAt: "asc" }, { id: "asc" }],
      skip: filter.offset,
      take: filter.limit,
      select: { ...CASE_ROW, request: { select: { reference: true } }, messages: FIRST_MESSAGE },
    }),
    db.case.count({ where }),
  ]);
  const cases = rows.map((row) => {
    const first = row.messages[0];
    return {
      ...caseRecord(row),
      reasons: (first?.decisions[0]?.findings ?? []).map((f) => reasonCodes.domain(f.code)),
      requestReference: row.request?.reference ?? null,
      fromAddress: first?.fromAddress ?? null,
      subject: first?.subject ?? null,
      messageId: first?.messageId ?? null,
    };
  });
  return { cases, total };
}

export interface CaseMessage {
  readonly id: number;
  readonly messageId: string;
  readonly fromAddress: string | null;
  readonly subject: string | null;
  readonly receivedAt: Date;
  readonly outcome: Outcome | null;
  readonly reasons: readonly { readonly code: ReasonCode; readonly detail: string | null }[];
  readonly kept: boolean;
}

/** The messages of a case, oldest first, each with its latest decision. */
export async function caseMessages(db: Records, caseId: number): Promise<CaseMessage[]> {
  const rows = await db.message.findMany({
    where: { caseId },
    orderBy: { id: "asc" },
    select: {
      id: true,
      messageId: true,
      fromAddress: true,
      subject: true,
      receivedAt: true,
      sourceParts: { take: 1, select: { part: true } },
      decisions: { orderBy: { id: "desc" }, take: 1, select: { outcome: true, findings: { orderBy: { id: "asc" }, select: { code: true, detail: true } } } },
    },
  });
  return rows.map((row) => {
    const decision = row.decisions[0];
    return {
      id: row.id,
      messageId: row.messageId,
      fromAddress: row.fromAddress,
      subject: row.subject,
      receivedAt: row.receivedAt,
      outcome: decision ? outcomes.domain(decision.outcome) : null,
      reasons: (decision?.findings ?? []).map((f) => ({ code: reasonCodes.domain(f.code), detail: f.detail })),
      kept: row.sourceParts.length > 0,
    };
  });
}

export interface CaseHistoryEntry {
  readonly at: Date;
  readonly actor: string | null;
  readonly subject: string;
  readonly event: string;
  readonly toState: string | null;
  readonly detail: string | null;
  readonly note: string | null;
}

/** The audit trail of a case, its messages and its request, oldest first. */
export async function caseHistory(db: Records, caseId: number): Promise<CaseHistoryEntry[]> {
  const found = await db.case.findUnique({ where: { id: caseId }, select: { requestId: true, messages: { select: { id: true } } } });
  if (!found) return [];
  const subjects: Prisma.AuditEventWhereInput[] = [
    { subjectType: "case", subjectId: caseId },
    { subjectType: "message", subjectId: { in: found.messages.map((m) => m.id) } },
    ...(found.requestId !== null ? [{ subjectType: "request" as const, subjectId: found.requestId }] : []),
  ];
  const rows = await db.auditEvent.findMany({ where: { OR: subjects }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((row) => ({
    at: row.at,
    actor: row.actor,
    subject: `${row.subjectType} ${row.subjectId}`,
    event: row.event,
    toState: row.toState,
    detail: row.detail,
    note: row.note,
  }));
}
