// Reads a raw email into what the processor needs: identity, threading and attachments.
// Owns: MIME parsing (mailparser). Everything here comes from an untrusted sender, so the
// attachments are streamed: only those the caller keeps are held, and none beyond its limit.
import { createHash } from "node:crypto";
import { MailParser, type AttachmentStream, type MessageText } from "mailparser";
import { fieldsNamed, MAX_HEADER_BYTES, readHeaderBlock } from "./header-block.ts";

export interface MessageIdentity {
  /** The Message-ID header, or `<sha256-of-raw@intake.invalid>` when it is missing or unusable. */
  readonly messageId: string;
  readonly contentHash: string;
  readonly sizeBytes: number;
}

/** What is known of an attachment when it starts: enough to decide whether to keep it. */
export interface AttachmentHead {
  /** Its place among the message's attachments, from 0, as IncomingMessage.attachmentList lists them. */
  readonly index: number;
  readonly filename: string | null;
  readonly contentType: string;
  /** Its first bytes (up to 1 KB, where a PDF's header must be). */
  readonly firstBytes: Uint8Array;
}

/** An attachment kept from the MIME structure. */
export interface Attachment {
  /** Its place among the message's attachments, from 0, as IncomingMessage.attachmentList lists them. */
  readonly index: number;
  readonly filename: string | null;
  readonly contentType: string;
  /** Its bytes; null when it was larger than the limit it was read with, and only its size is known. */
  readonly content: Uint8Array | null;
  readonly sizeBytes: number;
}

export interface ReadingOptions {
  /** Which attachments to keep (the others are skipped as they stream past). */
  readonly keep: (head: AttachmentHead) => boolean;
  /** A kept attachment larger than this is counted, not held. */
  readonly maxAttachmentBytes: number;
  /** Keep the body's text too (the support team's view of a case); it is otherwise skipped. */
  readonly keepText?: boolean;
}

/** The most of a body's text that is kept for people to read. */
const MAX_TEXT_CHARS = 100_000;

/** What the MIME structure says: threading and attachments (the identity is taken apart, by identify()). */
export interface IncomingMessage {
  readonly subject: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly date: Date | null;
  /** The attachments kept (see ReadingOptions.keep). */
  readonly attachments: readonly Attachment[];
  /** Every attachment, kept or not: its name, type and size. */
  readonly attachmentList: readonly { readonly filename: string | null; readonly contentType: string; readonly sizeBytes: number }[];
  /** The plain-text body, or the HTML body's text; null unless asked for (keepText) or when there is none. */
  readonly text: string | null;
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
  // Only the top-level header block: the Message-ID of an attached message does not count. A
  // header longer than is read still names its message by the fields in its first part.
  const block = readHeaderBlock(raw.subarray(0, MAX_HEADER_BYTES));
  const [field] = block.ok ? fieldsNamed(block.fields, "message-id") : [];
  return field ? cleanMessageId(field.value) : null;
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

const HEAD_BYTES = 1024;

/** Streams one attachment: skipped, held, or (past the limit) only counted; its size is known either way. */
function collectAttachment(stream: AttachmentStream, index: number, options: ReadingOptions): Promise<{ kept: Attachment | null; sizeBytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let decided: boolean | null = null;
    const decide = (): void => {
      const head = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
      decided = options.keep({ index, filename: stream.filename ?? null, contentType: stream.contentType, firstBytes: head });
      if (!decided) chunks.length = 0;
    };
    stream.content.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (decided === false) return;
      if (decided === null || size <= options.maxAttachmentBytes) chunks.push(chunk);
      if (decided === null && size >= HEAD_BYTES) decide();
      if (decided === true && size > options.maxAttachmentBytes) chunks.length = 0;
    });
    stream.content.on("error", reject);
    stream.content.on("end", () => {
      if (decided === null) decide();
      stream.release?.();
      if (!decided) return resolve({ kept: null, sizeBytes: size });
      const content = size > options.maxAttachmentBytes ? null : new Uint8Array(Buffer.concat(chunks, size));
      resolve({ kept: { index, filename: stream.filename ?? null, contentType: stream.contentType, content, sizeBytes: size }, sizeBytes: size });
    });
  });
}

export async function readIncomingMessage(raw: Buffer, options: ReadingOptions): Promise<IncomingMessage> {
  const keepText = options.keepText === true;
  const parser = new MailParser({ skipHtmlToText: !keepText, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, checksumAlgo: false });
  const attachments: Attachment[] = [];
  const attachmentList: IncomingMessage["attachmentList"][number][] = [];
  const collecting: Promise<void>[] = [];
  let text: string | null = null;
  const done = new Promise<void>((resolve, reject) => {
    parser.on("error", reject);
    parser.on("data", (part: AttachmentStream | MessageText) => {
      if (part.type === "text") {
        if (keepText && typeof part.text === "string") text = part.text.slice(0, MAX_TEXT_CHARS);
        return;
      }
      const listed = { filename: part.filename ?? null, contentType: part.contentType, sizeBytes: 0 };
      const index = attachmentList.push(listed) - 1;
      collecting.push(
        collectAttachment(part, index, options).then(({ kept, sizeBytes }) => {
          listed.sizeBytes = sizeBytes;
          if (kept) attachments.push(kept);
        }),
      );
    });
    parser.on("end", resolve);
  });
  try {
    parser.end(raw);
    await done;
    await Promise.all(collecting);
  } catch (error) {
    throw new MessageUnreadableError(`MIME parse failed: ${(error as Error).message}`, { cause: error });
  }
  const date = parser.date;
  return {
    subject: parser.subject ? recordedSubject(parser.subject) : null,
    inReplyTo: cleanMessageId(parser.inReplyTo),
    references: referencesOf(parser.references),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    attachments,
    attachmentList,
    text,
  };
}
