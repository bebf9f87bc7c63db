// The limits one message is examined within. The header limits follow Exchange Online, which
// refuses more than 256 KB of header; the others are many times what genuine mail carries
// (NHSmail signs twice, Microsoft 365 adds an ARC set or two; a form is one PDF).
import { fieldsNamed, headerEnd, MAX_HEADER_BYTES, readHeaderBlock } from "../message/header-block.ts";
import type { Finding } from "../rules/reasons.ts";

export { MAX_HEADER_BYTES };
export const MAX_HEADER_FIELDS = 1000;
/** DKIM-Signature and ARC-Message-Signature fields, each of which costs a body hash to check. */
export const MAX_SIGNATURES = 10;
/** Attachments read as possible forms. */
export const MAX_PDFS = 5;

const KB = 1024;

/** The first header limit the message goes over, as the finding that refers it; null when none. */
export function headerLimit(raw: Uint8Array): Finding | null {
  const block = headerEnd(raw) === null ? null : readHeaderBlock(raw);
  if (!block?.ok) {
    return { code: "MESSAGE_HEADER_TOO_LARGE", detail: `more than ${MAX_HEADER_BYTES / KB} KB of header; the limit is ${MAX_HEADER_BYTES / KB} KB` };
  }
  if (block.fields.length > MAX_HEADER_FIELDS) {
    return { code: "MESSAGE_HEADER_TOO_LARGE", detail: `${block.fields.length} header fields; the limit is ${MAX_HEADER_FIELDS}` };
  }
  const signatures = fieldsNamed(block.fields, "dkim-signature").length + fieldsNamed(block.fields, "arc-message-signature").length;
  if (signatures > MAX_SIGNATURES) {
    return { code: "MESSAGE_TOO_MANY_SIGNATURES", detail: `${signatures} DKIM and ARC signatures; at most ${MAX_SIGNATURES} are checked` };
  }
  return null;
}
