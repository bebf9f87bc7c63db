// How soon `intake run` answers a form once it is delivered, when it is woken by IMAP IDLE.
// Starts Dovecot and the test SMTP receiver on loopback (test/support/mail-rig.ts), runs
// `intake run` with an hourly INTAKE_SCHEDULE (so only IDLE can wake it), delivers N signed
// forms one at a time and times each from the start of its IMAP APPEND to its last reply
// reaching the SMTP server.
//
//   node bench/idle-latency.ts [N]      N forms, default 50; JSON on stdout, progress on stderr
import os from "node:os";
import { formMail } from "../test/intake/form-mail.ts";
import { startMailRig } from "../test/support/mail-rig.ts";
import { summariseLatency, timeToReplies } from "../test/support/reply-latency.ts";
import { startIntakeRun } from "../test/support/running-intake.ts";

const SCHEDULE = "0 * * * *";
/** An accepted GP form is answered twice: the authoriser's confirmation and the applicant's notice. */
const REPLIES_PER_FORM = 2;

const deliveries = Number(process.argv[2] ?? 50);
if (!Number.isInteger(deliveries) || deliveries < 1) {
  process.stderr.write("usage: node bench/idle-latency.ts [N]   (N: how many forms, a positive whole number)\n");
  process.exit(2);
}

const rig = await startMailRig("bench1", { keepSentCopies: false, env: { INTAKE_SCHEDULE: SCHEDULE, INTAKE_LOG_LEVEL: "info" } });
const { key, dovecot, smtp } = rig;

const intake = startIntakeRun(rig.env);
try {
  process.stderr.write(`building ${deliveries} signed forms…\n`);
  const forms: Buffer[] = [];
  for (let n = 1; n <= deliveries; n++) {
    forms.push(
      await formMail({
        signWith: key,
        messageId: `<bench-idle-${n}@nhs.net>`,
        values: { applicant_first_name: `Applicant${n}`, applicant_last_name: "Bench", applicant_email: `applicant.bench.${n}@nhs.net` },
      }),
    );
  }
  await intake.waitForLog("watching the mailbox for new mail", 30_000);

  const samples: number[] = [];
  for (const [n, raw] of forms.entries()) {
    samples.push(await timeToReplies(dovecot, smtp, raw, REPLIES_PER_FORM));
    process.stderr.write(`\r${n + 1}/${deliveries}`);
  }
  process.stderr.write("\n");

  const stopped = await intake.stop("SIGTERM");
  if (stopped.code !== 0) throw new Error(`intake run exited with ${stopped.code}:\n${stopped.stderr}`);
  const processed = (await dovecot.list("Processed")).length;
  if (processed !== deliveries) throw new Error(`${processed} of ${deliveries} forms were filed as processed`);

  const result = {
    benchmark: "idle-latency",
    measures: "start of IMAP APPEND into Dovecot to the last reply accepted by the SMTP server, one delivery at a time",
    mailbox: "Dovecot (IMAPS, loopback), woken by IDLE",
    schedule: SCHEDULE,
    repliesPerForm: REPLIES_PER_FORM,
    ...summariseLatency(samples),
    node: process.version,
    cpus: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await intake.stop("SIGKILL");
  await rig.stop();
}
