// Dovecot stopped while `intake run --once` works through 100 forms, and started again after
// 1.5 s: the intake opens a new session (backing off meanwhile) and finishes, or a rerun
// does; either way every form is filed, recorded and answered once.
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { expectEachFormHandledOnce, readEndState } from "./support/end-state.ts";
import { formBatch, type BatchForm } from "./support/form-batch.ts";
import { startIntake, type IntakeExit } from "./support/intake-process.ts";
import { recordedMessages, waitUntil } from "./support/progress.ts";

const FORMS = 100;
const DOWN_MS = 1_500;

let rig: MailRig;
let forms: BatchForm[];

beforeEach(async () => {
  // The SMTP side stays up while Dovecot is down: it files no copies there.
  rig = await startMailRig("outage1", { keepSentCopies: false, env: { INTAKE_LOG_LEVEL: "warn" } });
  forms = await formBatch("outage", FORMS, rig.key);
  await rig.dovecot.deliverAll(forms.map((form) => form.raw));
}, 60_000);

afterEach(async () => {
  await rig?.stop();
});

/** Runs the intake again until a run ends well with the inbox empty; returns how many reruns it took. */
async function rerunUntilDone(first: IntakeExit): Promise<number> {
  let reruns = 0;
  for (let exit = first; exit.code !== 0 || (await rig.dovecot.list("INBOX")).length > 0; reruns++) {
    if (reruns === 3) throw new Error(`intake did not finish after 3 reruns:\n${exit.stderr}`);
    exit = await startIntake(["run", "--once"], rig.env).exited;
  }
  return reruns;
}

function reconnections(stderr: string): number {
  return stderr.split("\n").filter((line) => line.includes("IMAP session open again") || line.includes("opening a new one")).length;
}

async function outage(): Promise<void> {
  await rig.dovecot.halt();
  await sleep(DOWN_MS);
  await rig.dovecot.start();
}

describe("IMAP server stopped and restarted mid-run", () => {
  it("while the run reads the forms: it reconnects and finishes", async () => {
    const started = performance.now();
    const run = startIntake(["run", "--once"], rig.env);
    await waitUntil(() => recordedMessages(rig) >= 30, "30 messages are recorded");
    const recordedAtHalt = recordedMessages(rig);
    await outage();
    const exit = await run.exited;
    const reruns = await rerunUntilDone(exit);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `IMAP outage while reading: halted after ${recordedAtHalt} of ${FORMS} recorded, down ${DOWN_MS} ms; ` +
        `run exit ${exit.code}, ${reconnections(exit.stderr)} reconnect log lines, ${reruns} reruns, ${seconds.toFixed(1)} s in all`,
    );
    expect(exit.code, exit.stderr).toBe(0);
    expectEachFormHandledOnce(await readEndState(rig), forms);
  });

  it("while the run sends replies, before it files: it reconnects and files", async () => {
    const started = performance.now();
    const run = startIntake(["run", "--once"], rig.env);
    const outages: Promise<void>[] = [];
    rig.smtp.holdAnswers(() => {
      if (outages.length === 0) outages.push(outage());
    });
    const exit = await run.exited;
    rig.smtp.holdAnswers(null);
    await Promise.all(outages);
    const reruns = await rerunUntilDone(exit);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `IMAP outage before filing: halted at the first reply, down ${DOWN_MS} ms; ` +
        `run exit ${exit.code}, ${reconnections(exit.stderr)} reconnect log lines, ${reruns} reruns, ${seconds.toFixed(1)} s in all`,
    );
    expect(outages).toHaveLength(1);
    expect(exit.code, exit.stderr).toBe(0);
    expectEachFormHandledOnce(await readEndState(rig), forms);
  });
});
