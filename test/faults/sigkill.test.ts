// The intake killed (SIGKILL) at random points while it works through 500 forms on real mail
// servers, restarted each time, until a run finishes on its own. Whatever the moment of the
// kill, every form must end up filed once, recorded once and answered once.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duplicateDeliveries, expectEachFormHandledOnce, readEndState, readReplies } from "./support/end-state.ts";
import { formBatch, type BatchForm } from "./support/form-batch.ts";
import { startIntake } from "./support/intake-process.ts";
import { startMailRig, type MailRig } from "./support/mail-rig.ts";
import { recordedMessages } from "./support/progress.ts";
import { seededRandom } from "./support/seeded-random.ts";
import { afterEachAcceptance } from "./support/smtp-acceptance.ts";

const FORMS = 500;
/** Kills land from the start-up (about 1 s) to well into the work; after this many, the run may finish. */
const KILL_AFTER_MS = { min: 300, max: 4_000 };
const MAX_KILLS = 30;

let rig: MailRig;
let forms: BatchForm[];

beforeAll(async () => {
  rig = await startMailRig("kill1");
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
      if ((await rig.dovecot.list("INBOX")).length === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;

    const state = await readEndState(rig);
    const duplicates = duplicateDeliveries(state.delivered);
    console.log(
      `SIGKILL test (seed ${random.seed}): ${FORMS} forms, ${kills} kills, ${runs} runs, ${seconds.toFixed(1)} s; ` +
        `${state.delivered.length} replies accepted by SMTP for ${state.replies.length} recorded, ${duplicates.size} sent more than once; ` +
        `kills at (messages recorded/replies accepted) ${killedAt.join(" ")}`,
    );
    // Replies are sent at least once, not exactly once: a kill after the SMTP server took a
    // reply and before it was marked sent sends it again (pinned down below).
    expectEachFormHandledOnce(state, forms, { resentAtMost: kills });
  }, 180_000);

  it("known gap: a reply the SMTP server accepted just before a kill is sent again by the next run", async () => {
    const [form] = await formBatch("window", 1, rig.key);
    await rig.dovecot.deliver(form!.raw);
    const before = rig.smtp.received.length;

    const run = startIntake(["run", "--once"], rig.env);
    const stop = afterEachAcceptance(rig.smtp, () => run.kill());
    const killed = await run.exited;
    stop();
    expect(killed.signal).toBe("SIGKILL");
    const [accepted] = rig.smtp.received.slice(before);
    const acceptedId = (await simpleParser(accepted!.raw)).messageId;
    expect((await readReplies(rig)).find((reply) => reply.messageId === acceptedId)).toMatchObject({ status: "pending", attempts: 0 });

    const rerun = await startIntake(["run", "--once"], rig.env).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    const ids = await Promise.all(rig.smtp.received.slice(before).map(async (mail) => (await simpleParser(mail.raw)).messageId));
    const copies = ids.filter((id) => id === acceptedId).length;
    console.log(`SIGKILL right after the SMTP server's 250: the reply was accepted ${copies} times in all`);
    expect(copies).toBe(2); // at-least-once today; exactly once would be 1
    expect(ids).toHaveLength(3); // the other reply once
  });
});
