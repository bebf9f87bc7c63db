// `intake status` as the support team meets it when an evidence path is missing: genuine-looking
// forms (an nhs.net From, a form attached) keep arriving and none is proven. Real pipeline, real
// command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../../src/health/assess-health.ts";
import { buildMail, createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

/** INTAKE_ALERT_UNVERIFIED_FORMS here, and the unsigned nhs.net forms the second test sends. */
const UNVERIFIED_FORMS = 3;

let nhs: DkimKey;
let ws: Workspace;
let laterMail: { readonly unsignedForms: Promise<Buffer[]>; readonly signedForm: Promise<Buffer> } | undefined;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "status1");
  ws = await createWorkspace([nhs], { env: { INTAKE_ALERT_UNVERIFIED_FORMS: String(UNVERIFIED_FORMS) } });
});
afterAll(() => ws.remove());

/** The later tests' mail: begun by the first test, to be built while its pass and command run. */
function later(): NonNullable<typeof laterMail> {
  return (laterMail ??= {
    unsignedForms: Promise.all(Array.from({ length: UNVERIFIED_FORMS }, (_, i) => formMail({ signWith: null, messageId: `<unsigned-${i + 1}@nhs.net>` }))),
    signedForm: formMail({ signWith: nhs, messageId: "<signed@nhs.net>" }),
  });
}

async function problems(): Promise<readonly string[]> {
  const status = await runIntakeAsync(["status", "--json"], ws.env);
  return (JSON.parse(status.stdout) as Assessment).problems;
}

describe("intake status and unverified senders", () => {
  it("does not count mail without a form, nor forms from other domains", async () => {
    const mail = await Promise.all(
      [0, 1, 2].map((i) =>
        Promise.all([
          buildMail({ from: "bob.authoriser@nhs.net", to: "support@nhsbsa.nhs.uk", subject: "a question", text: "no form\r\n", messageId: `<question-${i}@nhs.net>` }),
          formMail({ signWith: null, from: "someone@example.org", messageId: `<elsewhere-${i}@example.org>` }),
        ]),
      ),
    );
    for (const raw of mail.flat()) ws.deliver(raw);
    later();
    await ws.runOnce();
    expect(await problems()).toEqual([]);
  });

  it("warns once the last forms from nhs.net were all unverified, naming the newest to explain", async () => {
    for (const raw of await later().unsignedForms) ws.deliver(raw);
    await ws.runOnce();
    const status = await runIntakeAsync(["status"], ws.env);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("SENDERS_UNVERIFIED: the last 3 forms from nhs.net addresses were all SENDER_UNVERIFIED");
    expect(status.stdout).toContain(`intake senders explain --message-id '<unsigned-${UNVERIFIED_FORMS}@nhs.net>'`);
  });

  it("stops warning once a form's sender is proven again", async () => {
    ws.deliver(await later().signedForm);
    await ws.runOnce();
    expect(await problems()).toEqual([]);
  });
});
