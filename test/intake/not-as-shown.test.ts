// The whole path for forms whose values are not what their pages show: a DKIM-signed email
// from the authoriser carrying one of our forms altered after he saw it. Each is referred to
// the support team as FORM_NOT_AS_SHOWN, never accepted; the genuine forms beside them are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormId } from "../../src/forms/registration-form.ts";
import { REASONS } from "../../src/rules/reasons.ts";
import { withHiddenLine, withTickShown, withValueChanged, withWidget } from "../forms/support/hostile-forms.ts";
import { buildMail, createDkimKey, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formPdf } from "./form-mail.ts";

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";
const FORM: FormId = "EPACT2-GP";

/** What became of one email: its outcome and reasons, and who was written to about it. */
interface Result {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly to: readonly string[];
  readonly replies: readonly SentReply[];
}

let nhs: DkimKey;
let ws: Workspace;
let sent = 0;

/** A signed email from Dr Bob Authoriser carrying the PDFs, and its Message-ID. */
async function email(...pdfs: Uint8Array[]): Promise<{ id: string; raw: Buffer }> {
  const id = `<not-as-shown-${++sent}@nhs.net>`;
  const raw = await buildMail({
    from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
    to: SUPPORT,
    subject: `ePACT2 registration form ${FORM}`,
    text: "Please find the authorised registration form attached.",
    attachments: pdfs.map((pdf, i) => ({ filename: `${FORM}-${i + 1}.pdf`, content: Buffer.from(pdf), contentType: "application/pdf" })),
    messageId: id,
  });
  return { id, raw: await signMail(raw, nhs) };
}

/** A fillable or flattened GP form with Alice's sample values, but for her email address. */
const genuine = (applicantEmail: string, flatten: boolean) => formPdf(FORM, { applicant_email: applicantEmail }, flatten);

/** Each form slips in its own attacker, so that none is a duplicate of another. */
const attacker = (n: number) => `mallory.${n}@nhs.net`;

const HOSTILE: readonly [string, () => Promise<Uint8Array>, string][] = [
  ["a text field whose value was changed after its box was drawn", async () => withValueChanged(await genuine("alice.zero@nhs.net", false), "applicant_email", attacker(0)), "Applicant email"],
  ["a declaration ticked in its value but not on the page", async () => withTickShown(await genuine("alice.one@nhs.net", false), "authoriser_declaration", "Off"), "Authoriser declaration"],
  ["a field whose box is hidden", async () => withWidget(await genuine("alice.two@nhs.net", false), "applicant_email", "hidden"), "Applicant email"],
  ["a field whose box has no size", async () => withWidget(await genuine("alice.three@nhs.net", false), "applicant_email", "zero-size"), "Applicant email"],
  ["a flattened form with an extra value in invisible text (render mode 3)", async () => withHiddenLine(await genuine("alice.four@nhs.net", true), "Applicant email", attacker(4), "render-mode-3"), "Applicant email"],
  ["a flattened form with an extra value in white", async () => withHiddenLine(await genuine("alice.five@nhs.net", true), "Applicant email", attacker(5), "white"), "Applicant email"],
  ["a flattened form with an extra value covered by a white rectangle drawn after it", async () => withHiddenLine(await genuine("alice.six@nhs.net", true), "Applicant email", attacker(6), "covered"), "Applicant email"],
  ["a flattened form with an extra value in a 0.5 pt font", async () => withHiddenLine(await genuine("alice.seven@nhs.net", true), "Applicant email", attacker(7), "tiny"), "Applicant email"],
  ["a flattened form with an extra value outside the crop box", async () => withHiddenLine(await genuine("alice.eight@nhs.net", true), "Applicant email", attacker(8), "outside-crop-box"), "Applicant email"],
];

/** The untouched forms' applicants, by whether the form is flattened. */
const UNTOUCHED = { fillable: "alice.fillable@nhs.net", flat: "alice.flat@nhs.net" } as const;

/** Every email of this file, by name, in the order delivered. */
const EMAILS: readonly [string, () => Promise<Uint8Array[]>][] = [
  ...HOSTILE.map(([name, build]): [string, () => Promise<Uint8Array[]>] => [name, async () => [await build()]]),
  ["hostile beside genuine", async () => [await genuine("alice.ten@nhs.net", false), await withWidget(await genuine("alice.nine@nhs.net", false), "applicant_email", "hidden")]],
  ["untouched, flattened: false", async () => [await genuine(UNTOUCHED.fillable, false)]],
  ["untouched, flattened: true", async () => [await genuine(UNTOUCHED.flat, true)]],
];

/** What became of each email, by name, after the one pass that took them all in. */
const results = new Map<string, Result>();

/** Every email delivered at once and taken in by one pass, then the records and the outbox read once. */
beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "intake1");
  ws = await createWorkspace([nhs]);
  const emails = await Promise.all(EMAILS.map(async ([name, pdfs]) => ({ name, ...(await email(...(await pdfs()))) })));
  emails.forEach(({ raw }, i) => ws.deliver(raw, `${1000 + i}.not-as-shown`));
  await ws.runOnce();
  const [messages, outbox] = await Promise.all([ws.messages(), ws.outbox()]);
  for (const { name, id } of emails) {
    const message = messages.find((m) => m.messageId === id);
    const replies = outbox.filter((r) => r.inReplyTo === id);
    results.set(name, { outcome: message?.outcome, reasons: message?.reasons, to: replies.map((r) => r.to).sort(), replies });
  }
});
afterAll(() => ws?.remove());

function resultOf(name: string): Result {
  const result = results.get(name);
  expect(result, `no email ${name}`).toBeDefined();
  return result!;
}

describe("a form that holds something other than what its pages show", () => {
  it.each(HOSTILE)("%s is referred as FORM_NOT_AS_SHOWN, never accepted, and the support team is told which field", (name, _build, label) => {
    const result = resultOf(name);
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_NOT_AS_SHOWN"] });
    expect(result.to).toEqual(["bob.authoriser@nhs.net", SUPPORT]);
    const notice = result.replies.find((reply) => reply.to === SUPPORT);
    expect(notice?.text).toContain(REASONS.FORM_NOT_AS_SHOWN.sentence);
    expect(notice?.text).toMatch(new RegExp(`FORM_NOT_AS_SHOWN: [^\\n]*\\n\\s+${label} `));
  });

  it("one beside a genuine form is referred too, not rejected as one of several forms", () => {
    expect(resultOf("hostile beside genuine")).toMatchObject({ outcome: "flagged", reasons: ["FORM_NOT_AS_SHOWN"] });
  });

  it("none of them became an authorised request", async () => {
    const requests = await ws.requests();
    // The untouched forms below, taken in by the same pass, are the only ones accepted.
    const untouched: readonly string[] = Object.values(UNTOUCHED);
    expect(requests.filter((request) => request.status === "authorised" && !untouched.includes(request.applicantEmail))).toEqual([]);
    expect(requests.map((request) => request.applicantEmail).filter((email) => email.startsWith("mallory."))).toEqual([]);
  });
});

describe("the same forms untouched", () => {
  it.each([false, true])("are accepted (flattened: %s)", (flatten) => {
    expect(resultOf(`untouched, flattened: ${flatten}`)).toMatchObject({ outcome: "accepted", reasons: [] });
  });
});
