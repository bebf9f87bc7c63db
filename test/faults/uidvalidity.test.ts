// The inbox renumbered (UIDVALIDITY changed, as when a mailbox is rebuilt or restored) while
// the intake works on it, or between two runs: the keys it listed name nothing any more, or,
// when the server does not announce it, other messages. Nothing may be lost, handled twice,
// or filed in another message's place, and a rerun files everything.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildMail } from "../support/mail-builder.ts";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { expectEachFormHandledOnce, readEndState } from "./support/end-state.ts";
import { formBatch, type BatchForm } from "./support/form-batch.ts";
import { startIntake } from "./support/intake-process.ts";
import { recordedMessages, waitUntil } from "./support/progress.ts";

const FORMS = 100;

let rig: MailRig;
let forms: BatchForm[];

beforeEach(async () => {
  rig = await startMailRig("uidv1", { env: { INTAKE_LOG_LEVEL: "warn" } });
  forms = await formBatch("uidv", FORMS, rig.key);
  await rig.dovecot.deliverAll(forms.map((form) => form.raw));
}, 60_000);

afterEach(async () => {
  await rig?.stop();
});

async function renumberInbox(): Promise<void> {
  await rig.dovecot.setUidValidity("INBOX", (await rig.dovecot.uidValidity("INBOX")) + 1000n);
}

async function runOnce(): Promise<Record<string, unknown>> {
  const exit = await startIntake(["run", "--once"], rig.env).exited;
  expect(exit.code, exit.stderr).toBe(0);
  return JSON.parse(exit.stdout) as Record<string, unknown>;
}

describe("UIDVALIDITY changed under the intake", () => {
  it("between deciding and filing, announced: the run files nothing, the rerun files everything without deciding again", async () => {
    const renumbered: Promise<void>[] = [];
    // The first reply is answered only once the inbox is renumbered: the run files after its replies.
    rig.smtp.holdAnswers(() => {
      if (renumbered.length > 0) return;
      renumbered.push(renumberInbox());
      return renumbered[0];
    });
    const exit = await startIntake(["run", "--once"], rig.env).exited;
    rig.smtp.holdAnswers(null);
    await Promise.all(renumbered);
    expect(renumbered).toHaveLength(1);
    const leftAfterRun = (await rig.dovecot.list("INBOX")).length;
    const rerun = await runOnce();
    console.log(`UIDVALIDITY changed before filing: run exit ${exit.code}, ${leftAfterRun} left in INBOX; rerun ${JSON.stringify(rerun)}`);
    expect(exit.code, exit.stderr).toBe(0);
    expect(rerun).toMatchObject({ repliesSent: 0, outcomes: { accepted: leftAfterRun } });
    expectEachFormHandledOnce(await readEndState(rig), forms);
  });

  it("between deciding and filing, unannounced: a message that arrived meanwhile is never filed unjudged in a decided one's place", async () => {
    // While the run delivers its replies, a question arrives, and the inbox is renumbered under
    // the same UIDVALIDITY: the question now holds the first form's UID, and every UID names
    // another message than the one decided there.
    const late = await buildMail({
      from: "Someone <someone@nhs.net>",
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: "How do I register?",
      text: "Where is the form?",
      messageId: "<late-question@nhs.net>",
    });
    const renumbered: Promise<void>[] = [];
    rig.smtp.holdAnswers(() => {
      if (renumbered.length > 0) return;
      renumbered.push(rig.dovecot.deliver(late).then(() => rig.dovecot.renumberInboxUnannounced()));
      return renumbered[0];
    });
    const exit = await startIntake(["run", "--once"], rig.env).exited;
    rig.smtp.holdAnswers(null);
    await Promise.all(renumbered);
    const unfiledByRun = (await rig.dovecot.list("INBOX")).map((message) => message.messageId);
    const summary = JSON.parse(exit.stdout) as Record<string, unknown>;
    const rerun = await runOnce();
    console.log(
      `renumbered unannounced before filing: run ${JSON.stringify(summary)}, ${unfiledByRun.length} left in INBOX; rerun ${JSON.stringify(rerun)}`,
    );
    expect(exit.code, exit.stderr).toBe(0);
    expect(unfiledByRun).toContain("<late-question@nhs.net>");
    // Reversed, the 101 messages swap UIDs pairwise but for the middle one, which keeps its own.
    expect(summary).toMatchObject({ messages: FORMS, unfiled: FORMS - 1 });
    expect(rerun).toMatchObject({ messages: FORMS, repliesSent: 1, outcomes: { accepted: FORMS - 1, flagged: 1 } });
    expectEachFormHandledOnce(await readEndState(rig), forms, [{ messageId: "<late-question@nhs.net>", folder: "Exceptions" }]);
  });

  it("between listing and reading: the messages not read yet are left for the rerun, none referred as unreadable", async () => {
    const run = startIntake(["run", "--once"], rig.env);
    await waitUntil(() => recordedMessages(rig) >= 20, "20 messages are recorded");
    await renumberInbox();
    const exit = await run.exited;
    const recordedByRun = recordedMessages(rig);
    const rerun = await runOnce();
    const state = await readEndState(rig);
    console.log(
      `UIDVALIDITY changed while reading: run exit ${exit.code}, ${recordedByRun} messages recorded by it; ` +
        `rerun ${JSON.stringify(rerun)}; ${state.messages.length} messages recorded in all`,
    );
    expect(exit.code, exit.stderr).toBe(0);
    expectEachFormHandledOnce(state, forms);
  });

  it("between runs: a run killed before filing, the inbox renumbered, the rerun files everything once", async () => {
    const run = startIntake(["run", "--once"], rig.env);
    await waitUntil(() => recordedMessages(rig) >= 50, "50 messages are recorded");
    run.kill();
    await run.exited;
    await renumberInbox();
    const rerun = await runOnce();
    console.log(`UIDVALIDITY changed between runs: rerun ${JSON.stringify(rerun)}`);
    expect(rerun).toMatchObject({ messages: FORMS });
    expectEachFormHandledOnce(await readEndState(rig), forms);
  });
});
