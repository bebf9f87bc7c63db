// Emails carrying registration forms, as authorisers send them: built with the project's
// own form generator and signed with a locally generated DKIM key.
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import type { FormId } from "../../src/forms/registration-form.ts";
import { buildMail, signMail, type DkimKey, type MailOptions } from "../support/mail-builder.ts";

export interface FormMailOptions {
  readonly from?: string;
  readonly formId?: FormId;
  readonly values?: Record<string, string | boolean>;
  readonly flatten?: boolean;
  /** null: leave unsigned. */
  readonly signWith?: DkimKey | null;
  readonly messageId?: string | null;
  readonly mail?: Partial<MailOptions>;
}

export async function formPdf(formId: FormId, values: Record<string, string | boolean> = {}, flatten = false): Promise<Uint8Array> {
  return fillForm(formId, sampleValues(formId, values), { flatten });
}

export async function formMail(options: FormMailOptions = {}): Promise<Buffer> {
  const formId = options.formId ?? "EPACT2-GP";
  const pdf = await formPdf(formId, options.values, options.flatten ?? false);
  const raw = await buildMail({
    from: options.from ?? "Dr Bob Authoriser <bob.authoriser@nhs.net>",
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: `ePACT2 registration form ${formId}`,
    text: "Please find the authorised registration form attached.",
    attachments: [{ filename: `${formId}.pdf`, content: Buffer.from(pdf), contentType: "application/pdf" }],
    ...(options.messageId !== undefined ? { messageId: options.messageId } : {}),
    ...options.mail,
  });
  return options.signWith ? signMail(raw, options.signWith) : raw;
}
