// A corrected form sent in answer to our rejection is a new attempt at the same request,
// and the history stays on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let reference: string;
let rejectionId: string;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "follow1");
  ws = await createWorkspace([nhs]);
  ws.deliver(await formMail({ signWith: nhs, messageId: "<first-try@nhs.net>", values: { authoriser_role: "Practice manager" } }));
  await ws.runOnce();
  const [request] = await ws.requests();
  reference = request!.reference;
  rejectionId = (await ws.outbox()).find((r) => r.inReplyTo === "<first-try@nhs.net>")!.messageId;
});
afterAll(() => ws.remove());

describe("follow-ups", () => {
  it("the first try was rejected and recorded as a rejected request", async () => {
    expect(await ws.requests()).toMatchObject([{ reference, status: "rejected", reasons: ["AUTHORISER_ROLE_INVALID"] }]);
  });

  it("a question in answer to our reply is linked to the request", async () => {
    ws.deliver(
      await formMail({
        signWith: nhs,
        messageId: "<question@nhs.net>",
        mail: { subject: `Re: ePACT2 registration form not accepted [${reference}]`, inReplyTo: rejectionId, references: [rejectionId], attachments: [] },
      }),
    );
    await ws.runOnce();
    expect((await ws.messages()).find((m) => m.messageId === "<question@nhs.net>")).toMatchObject({
      outcome: "flagged",
      reasons: ["FORM_MISSING"],
      requestReference: reference,
    });
  });

  it("the corrected form in answer to the rejection is a new attempt: same request, now authorised", async () => {
    ws.deliver(
      await formMail({
        signWith: nhs,
        messageId: "<second-try@nhs.net>",
        mail: { subject: `Re: ePACT2 registration form not accepted [${reference}]`, inReplyTo: rejectionId, references: [rejectionId] },
      }),
    );
    await ws.runOnce();
    expect(await ws.requests()).toMatchObject([{ reference, status: "authorised", reasons: [] }]);
    const history = (await ws.messages()).filter((m) => m.requestReference === reference).map((m) => [m.messageId, m.outcome]);
    expect(history).toEqual([
      ["<first-try@nhs.net>", "rejected"],
      ["<question@nhs.net>", "flagged"],
      ["<second-try@nhs.net>", "accepted"],
    ]);
    const confirmation = (await ws.outbox()).find((r) => r.inReplyTo === "<second-try@nhs.net>" && r.to === "bob.authoriser@nhs.net");
    expect(confirmation?.subject).toContain(reference);
  });

  it("a stranger quoting the reference in a subject does not take over the request", async () => {
    ws.deliver(
      await formMail({
        signWith: nhs,
        from: "dr.zoe@nhs.net",
        messageId: "<stranger@nhs.net>",
        values: { authoriser_email: "dr.zoe@nhs.net", authoriser_name: "Dr Zoe", applicant_email: "someone.else@nhs.net" },
        mail: { subject: `Re: [${reference}]` },
      }),
    );
    await ws.runOnce();
    const stranger = (await ws.messages()).find((m) => m.messageId === "<stranger@nhs.net>");
    expect(stranger?.requestReference).not.toBe(reference);
    expect((await ws.requests()).find((r) => r.reference === reference)?.status).toBe("authorised");
  });
});
