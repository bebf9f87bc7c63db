// Finds the registration form among a message's attachments. A PDF is recognised by its
// type, its name or its first bytes (couldBePdf, used as the MIME reader's filter); only
// attachments that could be a PDF are kept and read.
import type { Attachment, AttachmentHead } from "../message/incoming-message.ts";
import { unreadable } from "./open-pdf.ts";
import type { FormId, FormReading } from "./registration-form.ts";

export type AttachedForm =
  | { readonly kind: "none" }
  | { readonly kind: "several"; readonly formIds: readonly FormId[] }
  /** More attachments that could be PDFs than are read: none is read. */
  | { readonly kind: "too-many"; readonly count: number; readonly limit: number }
  | FormReading;

/** Reads one attachment as a registration form; never rejects for what the bytes contain. */
export type ReadForm = (bytes: Uint8Array) => Promise<FormReading>;

function startsLikePdf(content: Uint8Array): boolean {
  const head = Buffer.from(content.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

/** An attachment worth reading as a form, told from how it starts. */
export function couldBePdf(head: AttachmentHead): boolean {
  return (
    head.contentType.toLowerCase() === "application/pdf" ||
    /\.pdf$/i.test(head.filename ?? "") ||
    startsLikePdf(head.firstBytes)
  );
}

const ORDER: Record<FormReading["kind"], number> = { read: 0, invalid: 0, "not-as-shown": 0, unreadable: 1, unknown: 2 };

/**
 * Reads every PDF attachment, up to `maxPdfs` of them. A form not as shown wins (it goes to
 * people); then one form of ours; several are an error; otherwise the most telling failure is
 * kept (an unreadable PDF says more than one that is not ours).
 */
export async function findAttachedForm(
  candidates: readonly Attachment[],
  read: ReadForm,
  limits: { readonly maxPdfs: number; readonly maxBytes: number },
): Promise<AttachedForm> {
  if (candidates.length === 0) return { kind: "none" };
  if (candidates.length > limits.maxPdfs) return { kind: "too-many", count: candidates.length, limit: limits.maxPdfs };
  const readings: FormReading[] = [];
  for (const candidate of candidates) {
    readings.push(
      candidate.content
        ? await read(candidate.content)
        : unreadable("too-large", `The file is ${candidate.sizeBytes} bytes; the limit is ${limits.maxBytes} bytes.`),
    );
  }
  // A form whose values differ from what its pages show is referred, whatever else came with it.
  const notAsShown = readings.find((r) => r.kind === "not-as-shown");
  if (notAsShown) return notAsShown;
  const ours = readings.filter((r) => r.kind === "read" || r.kind === "invalid" || r.kind === "not-as-shown");
  if (ours.length > 1) {
    return { kind: "several", formIds: ours.map((r) => (r.kind === "read" ? r.form.formId : r.formId)) };
  }
  const [best] = [...readings].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  return best ?? { kind: "none" };
}
