import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The PDF could be opened: not empty, damaged, encrypted, image-only or oversized. */
export function formReadable({ form }: Facts): Finding | null {
  if (form.kind !== "unreadable") return null;
  if (form.problem === "too-large") return { code: "FORM_TOO_LARGE", detail: form.detail };
  return { code: "FORM_UNREADABLE", detail: `${form.problem}: ${form.detail}` };
}
