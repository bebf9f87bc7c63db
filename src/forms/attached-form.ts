// Finds the registration form among a message's attachments. A PDF is recognised by its
// type, its name or its first bytes; only attachments that could be a PDF are read.
import type { FormReader } from "./form-reader.ts";
import type { FormId, FormReading } from "./registration-form.ts";

export interface Attachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export type AttachedForm =
  | { readonly kind: "none" }
  | { readonly kind: "several"; readonly formIds: readonly FormId[] }
  | FormReading;

function startsLikePdf(content: Uint8Array): boolean {
  const head = Buffer.from(content.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

export function couldBePdf(attachment: Attachment): boolean {
  return (
    attachment.contentType.toLowerCase() === "application/pdf" ||
    /\.pdf$/i.test(attachment.filename ?? "") ||
    startsLikePdf(attachment.content)
  );
}

const ORDER: Record<FormReading["kind"], number> = { read: 0, invalid: 0, "not-as-shown": 0, unreadable: 1, unknown: 2 };

/**
 * Reads every PDF attachment. A form not as shown wins (it goes to people); then one form of
 * ours; several are an error; otherwise the most telling failure is kept (an unreadable PDF
 * says more than one that is not ours).
 */
export async function findAttachedForm(
  attachments: readonly Attachment[],
  reader: Pick<FormReader, "read">,
): Promise<AttachedForm> {
  const candidates = attachments.filter(couldBePdf);
  if (candidates.length === 0) return { kind: "none" };
  const readings: FormReading[] = [];
  for (const candidate of candidates) {
    readings.push(await reader.read(candidate.content));
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
