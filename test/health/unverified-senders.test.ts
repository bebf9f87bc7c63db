// `intake status` as the support team meets it when an evidence path is missing: genuine-looking
// forms (an nhs.net From, a form attached) keep arriving and none is proven. Real pipeline, real
// command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../../src/health/assess-health.ts";
import { buildMail, createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let counter = 0;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "status1");
  ws = await createWorkspace([nhs], { env: { INTAKE_ALERT_UNVERIFIED_FORMS: "3" } });
});
afterAll(() => ws.remove());

const unsignedForm = (): Promise<Buffer> => formMail({ signWith: null, messageId: `<unsigned-${++counter}@nhs.net>` });

function problems(): readonly string[] {
  const status = ws.intake("status", "--json");
  return (JSON.parse(status.stdout) as Assessment).problems;
}

describe("intake status and unverified senders", () => {
  it("does not count mail without a form, nor forms from other domains", async () => {
    for (let i = 0; i < 3; i++) {
      ws.deliver(await buildMail({ from: "bob.authoriser@nhs.net", to: "support@nhsbsa.nhs.uk", subject: "a question", text: "no form\r\n", messageId: `<question-${i}@nhs.net>` }));
      ws.deliver(await formMail({ signWith: null, from: "someone@example.org", messageId: `<elsewhere-${i}@example.org>` }));
    }
    await ws.runOnce();
    expect(problems()).toEqual([]);
  });

  it("warns once the last forms from nhs.net were all unverified, naming the newest to explain", async () => {
    for (let i = 0; i < 3; i++) ws.deliver(await unsignedForm());
    await ws.runOnce();
    const status = ws.intake("status");
    expect(status.code).toBe(1);
    expect(status.stdout).toContain("SENDERS_UNVERIFIED: the last 3 forms from nhs.net addresses were all SENDER_UNVERIFIED");
    expect(status.stdout).toContain(`intake senders explain --message-id '<unsigned-${counter}@nhs.net>'`);
  });

  it("stops warning once a form's sender is proven again", async () => {
    ws.deliver(await formMail({ signWith: nhs, messageId: "<signed@nhs.net>" }));
    await ws.runOnce();
    expect(problems()).toEqual([]);
  });
});
