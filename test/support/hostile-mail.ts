// Hostile messages, each built to cost the intake as much as one message can: in header,
// signatures, attachments, time or memory. Signed with a real DKIM key, carrying PDFs made
// from the project's own generator with pdf-lib edits, so everything but the attack is
// genuine. Used by the limit tests and by `npm run bench` (bench/hostile-messages.ts).
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_PDFS, MAX_SIGNATURES } from "../../src/examine/limits.ts";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { busyPdf, deflateBombForm, textHeavyPdf } from "../forms/support/other-pdfs.ts";
import { buildMail, signMail, type DkimKey, type MailAttachment } from "./mail-builder.ts";

export interface HostileOptions {
  readonly key: DkimKey;
  readonly messageId: string;
  /** The From of the mail; Dr Bob Authoriser, whose key signs it, by default. */
  readonly from?: string;
}

/** A signed email from the authoriser carrying `attachments`, as a returned form would come. */
export async function signedMail(
  options: HostileOptions,
  attachments: readonly MailAttachment[],
  extra: { readonly rawHeaders?: readonly string[]; readonly text?: string } = {},
): Promise<Buffer> {
  const raw = await buildMail({
    from: options.from ?? "Dr Bob Authoriser <bob.authoriser@nhs.net>",
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: "ePACT2 registration form",
    text: extra.text ?? "Please find the authorised registration form attached.",
    attachments,
    messageId: options.messageId,
    ...(extra.rawHeaders ? { rawHeaders: extra.rawHeaders } : {}),
  });
  return signMail(raw, options.key);
}

export const pdfAttachment = (content: Uint8Array, filename = "EPACT2-GP.pdf"): MailAttachment => ({ filename, content, contentType: "application/pdf" });

/** A genuine GP form for `applicant`, as the next message after a hostile one. */
export async function genuineFormMail(options: HostileOptions, applicant = "next.applicant@nhs.net"): Promise<Buffer> {
  return signedMail(options, [pdfAttachment(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_email: applicant })))]);
}

export const HOSTILE_MESSAGES = {
  /** One folded header field past the header size limit. */
  async "oversized header"(options: HostileOptions): Promise<Buffer> {
    const lines = Math.ceil(MAX_HEADER_BYTES / 72) + 100;
    // Its own Message-ID first, as a relay would leave it, so the referral can be found by it.
    return signedMail(options, [], { rawHeaders: [`Message-ID: ${options.messageId}`, `X-Padding: ${Array.from({ length: lines }, () => "x".repeat(70)).join("\r\n ")}`] });
  },
  /** More header fields than are read. */
  async "too many header fields"(options: HostileOptions): Promise<Buffer> {
    return signedMail(options, [], { rawHeaders: Array.from({ length: MAX_HEADER_FIELDS + 1 }, (_, n) => `X-Field-${n}: ${n}`) });
  },
  /** More DKIM signatures than are checked, each over its own length of the body. */
  async "too many signatures"(options: HostileOptions): Promise<Buffer> {
    let raw = await signedMail(options, []);
    for (let n = 0; n < MAX_SIGNATURES; n++) raw = await signMail(raw, options.key, { bodyLength: n + 1 });
    return raw;
  },
  /** As many signatures as are checked, each over its own length of a 20 MB body: slow, within every count limit. */
  async "signatures over a long body"(options: HostileOptions): Promise<Buffer> {
    let raw = await signedMail(options, [], { text: `${"x".repeat(76)}\n`.repeat(260_000) });
    for (let n = 1; n < MAX_SIGNATURES; n++) raw = await signMail(raw, options.key, { bodyLength: n * 1_000_000 });
    return raw;
  },
  /** More PDFs than are read. */
  async "too many PDFs"(options: HostileOptions): Promise<Buffer> {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    return signedMail(options, Array.from({ length: MAX_PDFS + 1 }, (_, n) => pdfAttachment(form, `form-${n}.pdf`)));
  },
  /** A PDF that keeps pdf.js busy far longer than any budget. */
  async "busy PDF"(options: HostileOptions): Promise<Buffer> {
    return signedMail(options, [pdfAttachment(await busyPdf())]);
  },
  /** Two million text runs: far more heap than a form needs. */
  async "text-heavy PDF"(options: HostileOptions): Promise<Buffer> {
    return signedMail(options, [pdfAttachment(await textHeavyPdf())]);
  },
  /** Our flattened form with 1 MB that inflates to 1 GB before its content. */
  async "deflate bomb"(options: HostileOptions): Promise<Buffer> {
    return signedMail(options, [pdfAttachment(await deflateBombForm(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten: true }), 1024))]);
  },
  /** Our form with 16 MB of text in one field, packed into a few KB by an object stream. */
  async "huge field value"(options: HostileOptions): Promise<Buffer> {
    const doc = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")));
    const huge = doc.context.register(PDFString.of("A".repeat(16 * 1024 * 1024)));
    doc.getForm().getTextField("applicant_job_title").acroField.dict.set(PDFName.of("V"), huge);
    return signedMail(options, [pdfAttachment(await doc.save({ useObjectStreams: true, updateFieldAppearances: false }))]);
  },
  /** A message just under the default size limit, its 17 MB attachment over the attachment limit. */
  async "25 MB message"(options: HostileOptions): Promise<Buffer> {
    const big = new Uint8Array(17 * 1024 * 1024);
    big.set(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")));
    return signedMail(options, [pdfAttachment(big)]);
  },
} as const satisfies Record<string, (options: HostileOptions) => Promise<Buffer>>;

export type HostileKind = keyof typeof HOSTILE_MESSAGES;
