// The examination of one message, stage by stage, as the worker runs it: the heading (header
// limits and the From address), the signals of mail sent by machines, the sender's evidence,
// the MIME structure, and the form. Each stage is reported as it ends, so that a message cut
// short by the budget is still known as far as it was read.
import { couldBePdf, findAttachedForm } from "../forms/attached-form.ts";
import { unreadableFromError } from "../forms/open-pdf.ts";
import { readRegistrationForm } from "../forms/read-form.ts";
import { automaticSignals, isDeliveryReport, type AutomaticSignals } from "../message/automatic-mail.ts";
import {
  headerMessageId,
  MessageUnreadableError,
  readIncomingMessage,
  type Attachment,
  type AttachmentHead,
  type IncomingMessage,
} from "../message/incoming-message.ts";
import { isOwnMessageId } from "../replies/reply-message-id.ts";
import { readHeaderBlock } from "../message/header-block.ts";
import { examineSender, type SenderPolicy } from "../sender/authenticate-sender.ts";
import type { DnsResolver } from "../sender/dns-overrides.ts";
import { readFromHeader } from "../message/from-header.ts";
import type { Examination, MessageDisplay, MessageStructure, StageReport } from "./examination.ts";
import { headerLimit, MAX_PDFS } from "./limits.ts";

/** What the examination needs besides the bytes; plain data, so that it can be handed to a worker. */
export interface ExaminationSettings {
  /** Larger attachments are not read (FORM_TOO_LARGE). */
  readonly maxAttachmentBytes: number;
  readonly senderPolicy: Omit<SenderPolicy, "resolver">;
  /** The key of the signed marker in our own Message-IDs. */
  readonly signingKey: Uint8Array;
  /** Our reply-from address: an X-Loop naming it marks our own mail. */
  readonly ownAddress: string;
}

/** How far into a message a delivery report's quotation of ours is looked for. */
const QUOTED_WINDOW = 1024 * 1024;

function ownMessage(raw: Buffer, automatic: AutomaticSignals, settings: ExaminationSettings, key: Buffer): boolean {
  // A message without a usable Message-ID is never ours: every reply we send has one.
  const messageId = headerMessageId(raw);
  return (messageId !== null && isOwnMessageId(messageId, key)) || automatic.xLoop.some((loop) => loop.includes(settings.ownAddress));
}

/** Our Message-IDs anywhere near the top (a report quotes the headers it concerns), after those it refers to. */
function ourQuotedIds(raw: Buffer, ourReferencedIds: readonly string[], key: Buffer): string[] {
  const text = raw.subarray(0, QUOTED_WINDOW).toString("latin1");
  const quoted = (text.match(/<epact2-intake\.[^<>\s]{1,200}>/g) ?? []).filter((id) => isOwnMessageId(id, key));
  return [...new Set([...ourReferencedIds, ...quoted])];
}

/** The most header fields shown to a person, and the longest value. */
const MAX_SHOWN_FIELDS = 300;
const MAX_SHOWN_VALUE = 2_000;

function displayOf(raw: Buffer, incoming: IncomingMessage | null, wanted: number | null): MessageDisplay {
  const block = readHeaderBlock(raw);
  const fields = block.ok ? block.fields : [];
  const asked = wanted === null ? undefined : incoming?.attachments.find((attachment) => attachment.index === wanted);
  return {
    headers: fields.slice(0, MAX_SHOWN_FIELDS).map((field) => ({ name: field.name, value: field.value.slice(0, MAX_SHOWN_VALUE) })),
    text: incoming?.text ?? null,
    attachments: incoming?.attachmentList ?? [],
    ...(asked?.content ? { attachment: { index: asked.index, filename: asked.filename, contentType: asked.contentType, bytes: asked.content } } : {}),
  };
}

/** What the examination is asked to read for a person besides the rules' facts. */
export interface DisplayOptions {
  /** The header, the text and the list of attachments (the support team's view of a case). */
  readonly display?: boolean;
  /** With display, also this attachment's bytes (by its place in the list, from 0). */
  readonly attachment?: number;
}

async function structureOf(
  raw: Buffer,
  maxAttachmentBytes: number,
  keepText: boolean,
  wanted: number | null,
): Promise<{ structure: MessageStructure; incoming: IncomingMessage | null; forForm: readonly Attachment[] }> {
  // Possible forms are held for the rules; the attachment a person asked for, if any, besides.
  const possibleForms = new Set<number>();
  const keep = (head: AttachmentHead): boolean => {
    const form = couldBePdf(head);
    if (form) possibleForms.add(head.index);
    return form || head.index === wanted;
  };
  try {
    const incoming = await readIncomingMessage(raw, { keep, maxAttachmentBytes, keepText });
    const forForm = incoming.attachments.filter((attachment) => possibleForms.has(attachment.index));
    return { structure: { kind: "parsed", subject: incoming.subject, references: incoming.references }, incoming, forForm };
  } catch (error) {
    if (!(error instanceof MessageUnreadableError)) throw error;
    return { structure: { kind: "unreadable", problem: error.message }, incoming: null, forForm: [] };
  }
}

export async function examineMessage(
  raw: Buffer,
  settings: ExaminationSettings,
  resolver: DnsResolver,
  report: (stage: StageReport) => void,
  options: DisplayOptions = {},
): Promise<Examination> {
  const key = Buffer.from(settings.signingKey);
  const limit = headerLimit(raw);
  // A header over the size limit is not read at all; within it, its From is worth knowing.
  const from = limit?.code === "MESSAGE_HEADER_TOO_LARGE" ? null : readFromHeader(raw).from;
  const fromAddress = from?.address ?? null;
  report({ stage: "heading", fromAddress, limit });
  if (limit) return { kind: "stopped", finding: limit, fromAddress };

  const automatic = automaticSignals(raw);
  const ourReferencedIds = automatic.referencedIds.filter((id) => isOwnMessageId(id, key));
  const signals = {
    automatic,
    ownMessage: ownMessage(raw, automatic, settings, key),
    ourReferencedIds,
    ourQuotedIds: isDeliveryReport(automatic) ? ourQuotedIds(raw, ourReferencedIds, key) : ourReferencedIds,
  };
  report({ stage: "signals", ...signals });

  const { evidence: sender, paths: senderPaths } = await examineSender(raw, { ...settings.senderPolicy, resolver, examineOffPaths: options.display === true });
  report({ stage: "sender", sender, senderPaths });

  const wanted = options.display === true && options.attachment !== undefined ? options.attachment : null;
  const { structure, incoming, forForm } = await structureOf(raw, settings.maxAttachmentBytes, options.display === true, wanted);
  report({ stage: "structure", structure });
  // readRegistrationForm classifies what it knows; anything else pdf.js throws is still the PDF's doing.
  const readForm = (bytes: Uint8Array) => readRegistrationForm(bytes, { maxBytes: settings.maxAttachmentBytes }).catch(unreadableFromError);
  const limits = { maxPdfs: MAX_PDFS, maxBytes: settings.maxAttachmentBytes };
  const form = incoming ? await findAttachedForm(forForm, readForm, limits) : ({ kind: "none" } as const);
  report({ stage: "form", form });
  const display = options.display ? displayOf(raw, incoming, wanted) : undefined;
  if (display) report({ stage: "display", display });

  return { kind: "examined", fromAddress, ...signals, sender, senderPaths, structure, form, ...(display ? { display } : {}) };
}
