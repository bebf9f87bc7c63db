// How soon `intake run` answers a form once it is delivered, when it is woken by IMAP IDLE.
// Starts Dovecot and the test SMTP receiver on loopback (test/support), runs `intake run` with
// an hourly INTAKE_SCHEDULE (so only IDLE can wake it), delivers N signed forms one at a time
// and times each from the start of its IMAP APPEND to its last reply reaching the SMTP server.
//
//   node bench/idle-latency.ts [N]      N forms, default 50; JSON on stdout, progress on stderr
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { formMail } from "../test/intake/form-mail.ts";
import { startDovecot } from "../test/support/dovecot.ts";
import { createDkimKey } from "../test/support/mail-builder.ts";
import { summariseLatency, timeToReplies } from "../test/support/reply-latency.ts";
import { startIntakeRun } from "../test/support/running-intake.ts";
import { startSmtpReceiver } from "../test/support/smtp-receiver.ts";
import { createWorkspace } from "../test/support/workspace.ts";

const SCHEDULE = "0 * * * *";
/** An accepted GP form is answered twice: the authoriser's confirmation and the applicant's notice. */
const REPLIES_PER_FORM = 2;

const deliveries = Number(process.argv[2] ?? 50);
if (!Number.isInteger(deliveries) || deliveries < 1) {
  process.stderr.write("usage: node bench/idle-latency.ts [N]   (N: how many forms, a positive whole number)\n");
  process.exit(2);
}

const key = await createDkimKey("nhs.net", "bench1");
const dovecot = await startDovecot();
const smtp = await startSmtpReceiver();
const ws = await createWorkspace([key], { env: {} });
const caFile = path.join(ws.home, "test-ca.pem");
writeFileSync(caFile, `${dovecot.certificate}\n${smtp.certificate}`);
Object.assign(ws.env, {
  INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
  INTAKE_IMAP_PASSWORD: dovecot.password,
  INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
  INTAKE_SMTP_PASSWORD: smtp.password,
  INTAKE_TLS_CA_FILE: caFile,
  INTAKE_SCHEDULE: SCHEDULE,
  INTAKE_LOG_LEVEL: "info",
  INTAKE_REPLY_CAP_PER_DAY: "1000000", // one authoriser signs every form
});

const intake = startIntakeRun(ws.env);
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
  ws.remove();
  await smtp.stop();
  await dovecot.stop();
}
