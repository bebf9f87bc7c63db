// The SMTP server refusing replies through the real CLI: for a while (451), the replies wait
// and go out once each after it recovers; for good (550), they are marked failed, their
// requests marked for attention and the support team's notices queued, refused as well.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { expectEachFormHandledOnce, readEndState, readReplies, type RecordedReply } from "./support/end-state.ts";
import { formBatch, type BatchForm } from "./support/form-batch.ts";
import { startIntake } from "./support/intake-process.ts";

const FORMS = 30;

let rig: MailRig;
let forms: BatchForm[];

beforeEach(async () => {
  rig = await startMailRig("refuse1", { env: { INTAKE_REPLY_RETRY_SECONDS: "1" } });
  forms = await formBatch("refuse", FORMS, rig.key);
  await rig.dovecot.deliverAll(forms.map((form) => form.raw));
}, 60_000);

afterEach(async () => {
  await rig?.stop();
});

async function runOnce(): Promise<Record<string, unknown>> {
  const exit = await startIntake(["run", "--once"], rig.env).exited;
  expect(exit.code, exit.stderr).toBe(0);
  return JSON.parse(exit.stdout) as Record<string, unknown>;
}

describe("SMTP server refusing replies", () => {
  it("for a while (451 after DATA): the replies wait, then go out exactly once after it recovers", async () => {
    rig.smtp.refuse("temporary", "data");
    const refusedRun = await runOnce();
    expect(refusedRun).toMatchObject({ messages: FORMS, repliesSent: 0, repliesDeferred: 2 * FORMS, repliesFailed: 0 });
    expect(rig.smtp.received).toHaveLength(0);
    expect(await rig.dovecot.list("INBOX")).toEqual([]); // filing does not wait for the replies
    expect((await readReplies(rig)).filter((reply) => reply.status !== "pending" || reply.attempts !== 1)).toEqual([]);

    rig.smtp.refuse(null);
    await sleep(1_100); // INTAKE_REPLY_RETRY_SECONDS=1: the first retry is due a second after the refusal
    const recoveredRun = await runOnce();
    const quietRun = await runOnce();
    console.log(
      `SMTP 451: ${rig.smtp.refused.length} deliveries refused, ${String(refusedRun.repliesDeferred)} deferred; ` +
        `after recovery ${String(recoveredRun.repliesSent)} sent, then ${String(quietRun.repliesSent)}; ${rig.smtp.received.length} accepted in all`,
    );
    expect(recoveredRun).toMatchObject({ messages: 0, repliesSent: 2 * FORMS, repliesDeferred: 0 });
    expect(quietRun).toMatchObject({ messages: 0, repliesSent: 0 });
    expect(rig.smtp.refused).toHaveLength(2 * FORMS);
    expectEachFormHandledOnce(await readEndState(rig), forms);
  });

  it("for good (550 after DATA): replies failed, requests marked, the support notices queued and refused too", async () => {
    rig.smtp.refuse("permanent", "data");
    const refusedRun = await runOnce();
    const replies = await readReplies(rig);
    const requests = await rig.ws.requests();
    console.log(
      `SMTP 550: ${String(refusedRun.repliesFailed)} replies failed (${replies.filter((r) => r.kind === "support-notice").length} of them notices ` +
        `to the support team), ${requests.filter((r) => r.attention !== null).length} of ${requests.length} requests marked for attention`,
    );
    expect(refusedRun).toMatchObject({ messages: FORMS, repliesSent: 0, repliesDeferred: 0, repliesFailed: 4 * FORMS });
    const kinds = (kind: RecordedReply["kind"]) => replies.filter((reply) => reply.kind === kind);
    expect(kinds("authoriser-confirmation")).toHaveLength(FORMS);
    expect(kinds("applicant-authorised")).toHaveLength(FORMS);
    expect(kinds("support-notice")).toHaveLength(2 * FORMS);
    expect(kinds("support-notice").every((notice) => notice.recipient === "dataservicessupport@nhsbsa.nhs.uk")).toBe(true);
    expect(replies.filter((reply) => reply.status !== "failed" || reply.attempts !== 1)).toEqual([]);
    expect(requests).toHaveLength(FORMS);
    expect(requests.filter((request) => !/undeliverable/.test(request.attention ?? ""))).toEqual([]);
    expect(rig.smtp.received).toHaveLength(0);
    expect(rig.smtp.refused).toHaveLength(4 * FORMS);
    expect((await rig.dovecot.list("Processed")).map((message) => message.messageId).sort()).toEqual(forms.map((form) => form.messageId).sort());

    rig.smtp.refuse(null);
    const laterRun = await runOnce();
    expect(laterRun).toMatchObject({ messages: 0, repliesSent: 0 });
    expect(rig.smtp.received).toHaveLength(0); // a failed reply stays failed: the support team acts on it
  });
});
