import type { Command } from "commander";
import { closeIntake, openIntake } from "../../intake/intake-context.ts";
import { runRecordedPass } from "../../jobs/recorded-pass.ts";
import { startHealthMonitoring } from "../../health/health-monitoring.ts";
import { recordMailboxNotOpened } from "../../health/record-pass.ts";
import { startIntakeSchedule } from "../../jobs/intake-schedule.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson } from "../output.ts";

const STOP_GRACE_MS = 3_000;

export function registerRun(program: Command, env: CliEnvironment): void {
  program
    .command("run")
    .description(
      "process the support mailbox: continuously (new mail wakes it; INTAKE_SCHEDULE polls as well; INTAKE_HEALTH_PORT serves GET /health), or once with --once",
    )
    .option("--once", "process everything waiting, send the replies and exit")
    .action(async (options: { once?: boolean }) => {
      const { config, log } = env.load();
      // A mailbox that cannot be opened counts as a failed pass, so a refused login reaches the alert.
      const context = await openIntake(config, log, { onMailboxNotOpened: recordMailboxNotOpened });
      try {
        if (options.once) {
          const summary = await runRecordedPass(context);
          printJson(summary);
          if (summary.leftInInbox > 0) process.exitCode = 1;
          return;
        }
        log.info("intake running", { schedule: config.schedule, mailbox: config.mailbox.kind });
        const monitoring = await startHealthMonitoring(context);
        const schedule = startIntakeSchedule(context);
        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            log.info("stopping", { signal });
            // A pass gets a moment to finish; one stuck waiting for a server that is down is
            // cut short by closing the mailbox. Either way nothing is lost: whatever was not
            // filed waits in the inbox, and what was recorded is not judged again.
            const cutShort = setTimeout(() => void context.mailbox.close(), STOP_GRACE_MS);
            void Promise.all([schedule.stop(), monitoring.stop()]).then(() => {
              clearTimeout(cutShort);
              resolve();
            });
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      } finally {
        await closeIntake(context);
      }
    });
}
