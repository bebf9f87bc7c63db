import { createHash } from "node:crypto";
import type { RegistrationForm } from "../forms/registration-form.ts";
import { normaliseAddress } from "../message/addresses.ts";

/** What makes two forms "the same request": the access route, the applicant and the organisations. */
export function requestFingerprint(form: RegistrationForm): string {
  const codes = [...form.organisation.codes].map((c) => c.toUpperCase()).sort();
  // The form's schema admits only addresses normaliseAddress reads; the fallback is never taken.
  const applicant = normaliseAddress(form.applicant.email)?.address ?? form.applicant.email;
  const key = [form.formId, applicant, ...codes].join("\n");
  return createHash("sha256").update(key).digest("hex");
}
