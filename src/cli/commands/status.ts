import type { Command } from "commander";
import type { Config } from "../../config/config.ts";
import type { Assessment } from "../../health/assess-health.ts";
import type { Logger } from "../../log/logger.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printText } from "../output.ts";

/** A look at the inbox gives up after this long: status answers in seconds, not in intake's minutes. */
const LOOK_GIVE_UP_MS = 15_000;

/** Messages waiting in the inbox now; nothing is read, moved or recorded. */
async function countWaiting(config: Config, log: Logger): Promise<number> {
  const [{ mailTokenSource }, { openMailbox }] = await Promise.all([import("../../intake/intake-context.ts"), import("../../mailbox/open-mailbox.ts")]);
  const mailbox = await openMailbox(config, mailTokenSource(config, log), log, { reconnect: { giveUpAfterMs: LOOK_GIVE_UP_MS } });
  try {
    return (await mailbox.waiting()).length;
  } finally {
    await mailbox.close();
  }
}

function describe(assessment: Assessment): string {
  const { backlog, outbox, failures, alert } = assessment;
  const lines = [
    `status:                ${assessment.status}`,
    `last successful fetch: ${assessment.lastSuccessfulFetch ?? "none recorded"}`,
    `messages waiting:      ${backlog.messages === null ? "unknown" : `${backlog.messages} (counted ${backlog.seenAt ?? "?"})`}`,
    `replies waiting:       ${outbox.pending} new, ${outbox.deferred} to be retried, ${outbox.unconfirmed} unconfirmed; ${outbox.failed} failed in the last 24 hours`,
    `failed passes in a row: ${failures.consecutivePasses} (${failures.consecutiveAuthentication} refused by authentication)`,
  ];
  if (failures.lastError) lines.push(`last error:            ${failures.lastError.name} at ${failures.lastError.at}: ${failures.lastError.message}`);
  if (alert) lines.push(`alert:                 ${alert.kind} since ${alert.openedAt}${alert.notified ? ", support team emailed" : ""}`);
  if (assessment.problems.length > 0) lines.push("problems:", ...assessment.problems.map((problem) => `  - ${problem}`));
  return `${lines.join("\n")}\n`;
}

export function registerStatus(program: Command, env: CliEnvironment): void {
  program
    .command("status")
    .description("how intake is doing: last successful fetch, messages waiting, replies waiting, failures; exit 0 when ok, 1 when degraded or failing")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { config, log } = env.load();
      const { assessNow } = await import("../../health/review-health.ts");
      await env.withDatabase(async (db) => {
        const assessment = await assessNow({ db, config, clock: env.clock }, () => countWaiting(config, log));
        if (options.json) printJson(assessment);
        else printText(describe(assessment));
        process.exitCode = assessment.status === "ok" ? 0 : 1;
      });
    });
}
