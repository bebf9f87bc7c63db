// What a batch of forms left behind once the intake is done with it, read from each place it
// lives (the IMAP folders, the SMTP server's log, the database), and the exactly-once checks.
import { simpleParser } from "mailparser";
import { expect } from "vitest";
import { loadConfig } from "../../../src/config/config.ts";
import { replyKinds, replyStatuses } from "../../../src/records/closed-sets.ts";
import { openDatabase, type Database } from "../../../src/records/database.ts";
import type { MessageSummary } from "../../../src/records/messages.ts";
import type { RequestSummary } from "../../../src/records/requests.ts";
import type { MailRig } from "../../support/mail-rig.ts";
import type { ReplyKind, ReplyStatus } from "../../../src/replies/reply.ts";
import { AUTHORISER, type BatchForm } from "./form-batch.ts";

export const FOLDERS = ["INBOX", "Processed", "Rejected", "Exceptions"] as const;

export interface DeliveredReply {
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly to: readonly string[];
}

export interface RecordedReply {
  readonly messageId: string;
  readonly kind: ReplyKind;
  readonly recipient: string;
  readonly status: ReplyStatus;
  readonly attempts: number;
  readonly inReplyTo: string | null;
}

export interface EndState {
  /** Message-IDs in each folder, as Dovecot stores them. */
  readonly folders: Record<(typeof FOLDERS)[number], string[]>;
  readonly delivered: DeliveredReply[];
  readonly messages: MessageSummary[];
  readonly requests: RequestSummary[];
  readonly replies: RecordedReply[];
}

/** Replies the SMTP server accepted more than once (same Message-ID), with how many copies. */
export function duplicateDeliveries(delivered: readonly DeliveredReply[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const reply of delivered) copies.set(reply.messageId, (copies.get(reply.messageId) ?? 0) + 1);
  return new Map([...copies].filter(([, count]) => count > 1));
}

/** Runs `read` on the rig's database, opened for it alone. */
async function fromRecords<T>(rig: MailRig, read: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(rig.env).databasePath);
  try {
    return await read(db);
  } finally {
    await db.$disconnect();
  }
}

/** Every recorded reply, its kind and status in the domain's words (read through the records' closed sets). */
export function readReplies(rig: MailRig): Promise<RecordedReply[]> {
  return fromRecords(rig, async (db) => {
    const rows = await db.reply.findMany({
      orderBy: { id: "asc" },
      select: { messageId: true, kind: true, recipient: true, status: true, attempts: true, inReplyTo: true },
    });
    return rows.map((row) => ({ ...row, kind: replyKinds.domain(row.kind), status: replyStatuses.domain(row.status) }));
  });
}

/** How the reply with this Message-ID was known to have left ("accepted", "found-after-interruption"), from the audit trail. */
export function sentEvidenceOf(rig: MailRig, messageId: string): Promise<string | null> {
  return fromRecords(rig, async (db) => {
    const reply = await db.reply.findUniqueOrThrow({ where: { messageId } });
    const event = await db.auditEvent.findFirst({ where: { subjectType: "reply", subjectId: reply.id, event: "sent" } });
    return event?.detail ?? null;
  });
}

/** How many replies were marked sent because their copy was found after an attempt was cut short. */
export function repliesFoundAfterInterruption(rig: MailRig): Promise<number> {
  return fromRecords(rig, (db) => db.auditEvent.count({ where: { subjectType: "reply", event: "sent", detail: "found-after-interruption" } }));
}

export async function readEndState(rig: MailRig): Promise<EndState> {
  const folders = Object.fromEntries(
    await Promise.all(FOLDERS.map(async (folder) => [folder, (await rig.dovecot.list(folder)).map((m) => m.messageId ?? "(none)")] as const)),
  ) as EndState["folders"];
  const delivered = await Promise.all(
    rig.smtp.received.map(async (mail) => {
      const parsed = await simpleParser(mail.raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
      return { messageId: parsed.messageId ?? "(none)", inReplyTo: parsed.inReplyTo ?? null, to: mail.to };
    }),
  );
  return { folders, delivered, messages: await rig.ws.messages(), requests: await rig.ws.requests(), replies: await readReplies(rig) };
}

/** A message other than the batch's forms, and the folder its decision files it in. */
export interface OtherMessage {
  readonly messageId: string;
  readonly folder: "Processed" | "Rejected" | "Exceptions";
}

/**
 * Every form accepted exactly once: filed once (in Processed), one request, one message
 * recorded, and its two replies (confirmation to the authoriser, notice to the applicant)
 * recorded as sent and accepted by the SMTP server once each. `others` are filed once in
 * their folders and recorded once; their replies are left out of the form checks.
 */
export function expectEachFormHandledOnce(state: EndState, forms: readonly BatchForm[], others: readonly OtherMessage[] = []): void {
  const formIds = forms.map((form) => form.messageId).sort();
  const otherIds = new Set(others.map((other) => other.messageId));
  const otherIn = (folder: OtherMessage["folder"]): string[] => others.filter((other) => other.folder === folder).map((other) => other.messageId).sort();
  expect(state.folders.INBOX).toEqual([]);
  expect([...state.folders.Rejected].sort()).toEqual(otherIn("Rejected"));
  expect([...state.folders.Exceptions].sort()).toEqual(otherIn("Exceptions"));
  expect([...state.folders.Processed].sort()).toEqual([...formIds, ...otherIn("Processed")].sort());
  expect(state.messages.map((message) => message.messageId).sort()).toEqual([...formIds, ...otherIds].sort());
  state = {
    ...state,
    messages: state.messages.filter((message) => !otherIds.has(message.messageId)),
    delivered: state.delivered.filter((reply) => !otherIds.has(reply.inReplyTo ?? "")),
    replies: state.replies.filter((reply) => !otherIds.has(reply.inReplyTo ?? "")),
  };

  expect(state.requests.map((request) => request.applicantEmail).sort()).toEqual(forms.map((form) => form.applicantEmail).sort());
  expect(state.requests.filter((request) => request.status !== "authorised" || request.attention !== null)).toEqual([]);

  expect(state.messages.map((message) => message.messageId).sort()).toEqual(formIds);
  expect(state.messages.filter((message) => message.outcome !== "accepted")).toEqual([]);
  expect(new Set(state.messages.map((message) => message.requestReference)).size).toBe(forms.length);

  expect(duplicateDeliveries(state.delivered)).toEqual(new Map());
  const once = [...new Map(state.delivered.map((reply) => [reply.messageId, reply])).values()];
  expect(once).toHaveLength(2 * forms.length);
  expect(once.filter((reply) => reply.to.includes(AUTHORISER)).map((reply) => reply.inReplyTo).sort()).toEqual(formIds);
  const toApplicant = new Map(once.filter((reply) => !reply.to.includes(AUTHORISER)).map((reply) => [reply.to.join(","), reply.inReplyTo]));
  expect(toApplicant.size).toBe(forms.length);
  for (const form of forms) expect(toApplicant.get(form.applicantEmail)).toBe(form.messageId);

  expect(state.replies.filter((reply) => reply.status !== "sent")).toEqual([]);
  expect(state.replies.map((reply) => reply.messageId).sort()).toEqual(once.map((reply) => reply.messageId).sort());
}
