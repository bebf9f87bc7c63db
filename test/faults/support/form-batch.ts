// Many valid registration forms from different applicants, each in its own signed email, for
// the fault tests and the benchmark. Filling a PDF with the project's generator costs about
// 15-20 ms and signing about 2 ms, so 500 forms take some ten seconds.
import { fillForm } from "../../../src/forms/generate-form.ts";
import { sampleValues } from "../../../fixtures/sample-values.ts";
import { buildMail, signMail, type DkimKey } from "../../support/mail-builder.ts";

export const AUTHORISER = "bob.authoriser@nhs.net";

export interface BatchForm {
  readonly messageId: string;
  readonly applicantEmail: string;
  readonly raw: Buffer;
}

/** The applicant of form number `n` of a batch: a person of their own, at nhs.net. */
export function applicantOf(batch: string, n: number): { first: string; last: string; email: string } {
  return { first: `Applicant${n}`, last: `Batch-${batch}`, email: `applicant.${batch}.${n}@nhs.net` };
}

/** One signed GP form per applicant, authorised by Dr Bob Authoriser; Message-IDs `<BATCH-N@nhs.net>`. */
export async function formBatch(batch: string, count: number, key: DkimKey, first = 1): Promise<BatchForm[]> {
  const forms: BatchForm[] = [];
  for (let n = first; n < first + count; n++) {
    const applicant = applicantOf(batch, n);
    const pdf = await fillForm(
      "EPACT2-GP",
      sampleValues("EPACT2-GP", {
        applicant_first_name: applicant.first,
        applicant_last_name: applicant.last,
        applicant_email: applicant.email,
      }),
    );
    const messageId = `<${batch}-${n}@nhs.net>`;
    const raw = await buildMail({
      from: `Dr Bob Authoriser <${AUTHORISER}>`,
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: `ePACT2 registration form for ${applicant.first} ${applicant.last}`,
      text: "Please find the authorised registration form attached.",
      attachments: [{ filename: "EPACT2-GP.pdf", content: Buffer.from(pdf), contentType: "application/pdf" }],
      messageId,
    });
    forms.push({ messageId, applicantEmail: applicant.email, raw: await signMail(raw, key) });
  }
  return forms;
}
