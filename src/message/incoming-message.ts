// Reads a raw email into what the processor needs: identity, threading and attachments.
// Owns: MIME parsing (mailparser). Everything here comes from an untrusted sender.
import { createHash } from "node:crypto";
import { simpleParser } from "mailparser";
import type { Attachment } from "../forms/attached-form.ts";

export interface MessageIdentity {
  /** The Message-ID header, or `<sha256-of-raw@intake.invalid>` when it is missing or unusable. */
  readonly messageId: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
}

export interface IncomingMessage extends MessageIdentity {
  readonly subject: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly date: Date | null;
  readonly attachments: readonly Attachment[];
}

export class MessageUnreadableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MessageUnreadableError";
  }
}

// An RFC 5322 msg-id of printable ASCII: a Message-ID is echoed into our replies' headers,
// the lists and the logs, so one holding controls, spaces, DEL or 8-bit bytes is not used.
const MESSAGE_ID = /^<[!-;=?A-~]{1,200}@[!-;=?A-~]{1,200}>$/;
const MAX_SUBJECT = 300;
// Controls (C0, DEL, C1) and the bidi controls that reorder a line: nobody's subject needs them.
const SUBJECT_CONTROLS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A Message-ID we can store and echo in headers, or null. */
export function cleanMessageId(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  const wrapped = trimmed.startsWith("<") ? trimmed : `<${trimmed}>`;
  return MESSAGE_ID.test(wrapped) ? wrapped : null;
}

/** The top-level Message-ID header, cleaned; null when it is missing or unusable. */
export function headerMessageId(raw: Buffer): string | null {
  // Only the top-level header block: the Message-ID of an attached message does not count.
  const end = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString("latin1");
  const match = /^message-id:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(head);
  return match?.[1] ? cleanMessageId(match[1].replace(/\r?\n[ \t]+/g, " ")) : null;
}

export function identify(raw: Buffer): MessageIdentity {
  const contentHash = createHash("sha256").update(raw).digest("hex");
  return {
    messageId: headerMessageId(raw) ?? `<${contentHash}@intake.invalid>`,
    contentHash,
    sizeBytes: raw.length,
  };
}

/** The subject as kept: one line, without control characters, bounded. */
export function recordedSubject(subject: string): string {
  return subject.replace(/[\r\n\t]+/g, " ").replace(SUBJECT_CONTROLS, "").slice(0, MAX_SUBJECT);
}

function referencesOf(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? value.split(/\s+/) : [];
  return list.map(cleanMessageId).filter((id): id is string => id !== null).slice(-20);
}

export async function readIncomingMessage(raw: Buffer): Promise<IncomingMessage> {
  const identity = identify(raw);
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw new MessageUnreadableError(`MIME parse failed: ${(error as Error).message}`, { cause: error });
  }
  return {
    ...identity,
    subject: parsed.subject ? recordedSubject(parsed.subject) : null,
    inReplyTo: cleanMessageId(parsed.inReplyTo),
    references: referencesOf(parsed.references),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
  };
}
