import type { Command } from "commander";
import type { Config } from "../../config/config.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson } from "../output.ts";
import { serveConsole } from "./console.ts";

const STOP_GRACE_MS = 3_000;

/**
 * A second signal this soon after the first is the same request: Ctrl-C under `npm start`
 * reaches the processor from the terminal and again from npm, which passes it on. A later
 * one is a person insisting, and ends the process at once.
 */
const SAME_SIGNAL_MS = 1_000;

/** Exit status of a process ended by a signal it did not wait out: 128 + its number (SIGINT 130, SIGTERM 143). */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

function mailboxName(mailbox: Config["mailbox"]): string {
  return mailbox.kind === "maildir" ? mailbox.path : `${mailbox.security === "tls" ? "imaps" : "imap"}://${mailbox.host}:${mailbox.port}`;
}

async function runOnceCommand(env: CliEnvironment): Promise<void> {
  const { config, log } = env.load();
  const progress = env.progress();
  const [{ closeIntake, openIntake }, { runRecordedPass }, { recordMailboxNotOpened }, { withPassProgress }] = await Promise.all([
    import("../../intake/intake-context.ts"),
    import("../../jobs/recorded-pass.ts"),
    import("../../health/record-pass.ts"),
    import("../pass-progress.ts"),
  ]);
  try {
    progress.show(`opening the mailbox ${mailboxName(config.mailbox)}`);
    // A server that cannot be reached is not waited for as the processor would: a run by hand
    // or from a timer ends with an error naming the server instead.
    const context = await openIntake(config, log, { mailboxReconnect: { giveUpAfterMs: config.onceGiveUpMs }, onMailboxNotOpened: recordMailboxNotOpened });
    try {
      const summary = await runRecordedPass(withPassProgress(context, progress));
      progress.clear();
      printJson(summary);
      if (summary.leftInInbox > 0) process.exitCode = 1;
    } finally {
      await closeIntake(context);
    }
  } finally {
    progress.clear();
  }
}

async function runContinuously(env: CliEnvironment): Promise<void> {
  const { config, log } = env.load();
  const [{ closeIntake, openIntake }, { recordMailboxNotOpened }, { startHealthMonitoring }, { startIntakeSchedule }] = await Promise.all([
    import("../../intake/intake-context.ts"),
    import("../../health/record-pass.ts"),
    import("../../health/health-monitoring.ts"),
    import("../../jobs/intake-schedule.ts"),
  ]);
  // A mailbox that cannot be opened counts as a failed pass, so a refused login reaches the alert.
  const context = await openIntake(config, log, { onMailboxNotOpened: recordMailboxNotOpened });
  try {
    log.info("intake running", { schedule: config.schedule, mailbox: config.mailbox.kind });
    const monitoring = await startHealthMonitoring(context);
    const served = config.console.port === null ? null : await serveConsole(context);
    const schedule = startIntakeSchedule(context);
    await new Promise<void>((resolve) => {
      let stopping: { signal: string; at: number } | null = null;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) {
          if (Date.now() - stopping.at < SAME_SIGNAL_MS) return;
          log.warn("stopped at once, on a second signal", { signal });
          process.exit(SIGNAL_EXIT[signal] ?? 1);
        }
        stopping = { signal, at: Date.now() };
        log.info("stopping", { signal });
        // A pass gets a moment to finish; one stuck waiting for a server that is down is
        // cut short by closing the mailbox. Either way nothing is lost: whatever was not
        // filed waits in the inbox, and what was recorded is not judged again.
        const cutShort = setTimeout(() => void context.mailbox.close(), STOP_GRACE_MS);
        void Promise.all([schedule.stop(), monitoring.stop(), served?.close()]).then(() => {
          clearTimeout(cutShort);
          resolve();
        });
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  } finally {
    await closeIntake(context);
  }
  log.info("intake stopped");
}

export function registerRun(program: Command, env: CliEnvironment): void {
  program
    .command("run")
    .description(
      "process the support mailbox: continuously (new mail wakes it; INTAKE_SCHEDULE polls as well; INTAKE_HEALTH_PORT serves GET /health; INTAKE_CONSOLE_PORT the console), or once with --once",
    )
    .option("--once", "process everything waiting, send the replies and exit (an IMAP server not reached within INTAKE_MAILBOX_GIVE_UP_SECONDS: exit 1)")
    .action((options: { once?: boolean }) => (options.once ? runOnceCommand(env) : runContinuously(env)));
}
