import { createHash } from "node:crypto";
import type { RegistrationForm } from "../forms/registration-form.ts";
import { canonicalAddress } from "./people.ts";

/** What makes two forms "the same request": the access route, the applicant and the organisations. */
export function requestFingerprint(form: RegistrationForm): string {
  const codes = [...form.organisation.codes].map((c) => c.toUpperCase()).sort();
  const key = [form.formId, canonicalAddress(form.applicant.email), ...codes].join("\n");
  return createHash("sha256").update(key).digest("hex");
}
