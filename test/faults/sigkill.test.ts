// The intake killed (SIGKILL) at random points while it works through 500 forms on real mail
// servers, restarted each time, until a run finishes on its own. Whatever the moment of the
// kill, every form must end up filed once, recorded once and answered once: a reply whose
// attempt was cut short is looked up in the account's Sent folder (where the SMTP receiver,
// like Exchange Online, files a copy of what it takes) before it is sent again.
import { setTimeout as sleep } from "node:timers/promises";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  duplicateDeliveries,
  expectEachFormHandledOnce,
  readEndState,
  readReplies,
  repliesFoundAfterInterruption,
  sentEvidenceOf,
} from "./support/end-state.ts";
import { formBatch, type BatchForm } from "./support/form-batch.ts";
import { startIntake } from "./support/intake-process.ts";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { recordedMessages } from "./support/progress.ts";
import { seededRandom } from "./support/seeded-random.ts";

const FORMS = 500;
/** Kills land from the start-up (about 1 s) to well into the work; after this many, the run may finish. */
const KILL_AFTER_MS = { min: 300, max: 4_000 };
const MAX_KILLS = 30;
/** The first wait before a cut-short attempt is looked up (INTAKE_REPLY_RETRY_SECONDS). */
const RETRY_SECONDS = 1;

let rig: MailRig;
let forms: BatchForm[];

beforeAll(async () => {
  rig = await startMailRig("kill1", { env: { INTAKE_REPLY_RETRY_SECONDS: String(RETRY_SECONDS) } });
  const started = performance.now();
  forms = await formBatch("kill", FORMS, rig.key);
  const generated = performance.now();
  await rig.dovecot.deliverAll(forms.map((form) => form.raw));
  console.log(
    `SIGKILL test: ${FORMS} signed forms generated in ${((generated - started) / 1000).toFixed(1)} s, ` +
      `appended to INBOX in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );
}, 120_000);

afterAll(async () => {
  await rig?.stop();
});

describe("SIGKILL at random points", () => {
  it("every form is filed, recorded and answered exactly once after kills and restarts", async () => {
    const random = seededRandom();
    const started = performance.now();
    let runs = 0;
    let kills = 0;
    /** Where each kill landed: messages recorded and replies accepted by then. */
    const killedAt: string[] = [];
    for (;;) {
      const run = startIntake(["run", "--once"], rig.env);
      const delay = random.between(KILL_AFTER_MS.min, KILL_AFTER_MS.max);
      const timer = kills < MAX_KILLS ? setTimeout(() => run.kill(), delay) : null;
      const exit = await run.exited;
      if (timer) clearTimeout(timer);
      runs++;
      if (exit.signal === "SIGKILL") {
        kills++;
        killedAt.push(`${recordedMessages(rig)}/${rig.smtp.received.length}`);
        continue;
      }
      expect(exit.code, exit.stderr).toBe(0);
      if ((await rig.dovecot.list("INBOX")).length > 0) continue;
      // A reply whose attempt a kill cut short is looked up once its claim has run out.
      const unsettled = (await readReplies(rig)).filter((reply) => reply.status !== "sent");
      if (unsettled.length === 0) break;
      await sleep(RETRY_SECONDS * 1000);
    }
    const seconds = (performance.now() - started) / 1000;

    const state = await readEndState(rig);
    const duplicates = duplicateDeliveries(state.delivered);
    console.log(
      `SIGKILL test (seed ${random.seed}): ${FORMS} forms, ${kills} kills, ${runs} runs, ${seconds.toFixed(1)} s; ` +
        `${state.delivered.length} replies accepted by SMTP for ${state.replies.length} recorded, ${duplicates.size} sent more than once, ` +
        `${await repliesFoundAfterInterruption(rig)} found in Sent Items after a kill instead of being sent again; ` +
        `kills at (messages recorded/replies accepted) ${killedAt.join(" ")}`,
    );
    expectEachFormHandledOnce(state, forms);
  }, 180_000);

  it("a reply the SMTP server took just before a kill is found in the Sent folder and not sent again", async () => {
    const [form] = await formBatch("window", 1, rig.key);
    await rig.dovecot.deliver(form!.raw);
    const before = rig.smtp.received.length;

    const run = startIntake(["run", "--once"], rig.env);
    // The server has taken the reply (and filed its Sent copy); the client is killed before
    // the 250 reaches it, so it can never have recorded the reply as sent.
    rig.smtp.holdAnswers(async () => {
      run.kill();
      await run.exited;
    });
    const killed = await run.exited;
    rig.smtp.holdAnswers(null);
    expect(killed.signal).toBe("SIGKILL");
    const [accepted] = rig.smtp.received.slice(before);
    const acceptedId = (await simpleParser(accepted!.raw)).messageId;
    // Killed between the server's 250 and the record of it: the reply is still "sending".
    expect((await readReplies(rig)).find((reply) => reply.messageId === acceptedId)).toMatchObject({ status: "sending", attempts: 1 });

    await sleep(RETRY_SECONDS * 1000);
    const rerun = await startIntake(["run", "--once"], rig.env).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    const ids = await Promise.all(rig.smtp.received.slice(before).map(async (mail) => (await simpleParser(mail.raw)).messageId));
    const copies = ids.filter((id) => id === acceptedId).length;
    console.log(`SIGKILL right after the SMTP server's 250: the reply was accepted ${copies} time(s) in all`);
    expect(copies).toBe(1);
    expect(ids).toHaveLength(2); // and the other reply once
    expect((await readReplies(rig)).filter((reply) => reply.status !== "sent")).toEqual([]);
    expect(await sentEvidenceOf(rig, acceptedId!)).toBe("found-after-interruption");
  });
});
