import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The PDF is exactly one of our registration forms. */
export function formRecognised({ form }: Facts): Finding | null {
  if (form.kind === "unknown") return { code: "FORM_UNKNOWN", detail: form.detail };
  if (form.kind === "several") return { code: "FORM_MULTIPLE", detail: form.formIds.join(", ") };
  return null;
}
