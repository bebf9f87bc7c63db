import type { Command } from "commander";
import { listMessages } from "../../records/list-messages.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable } from "../output.ts";

export function registerMessages(program: Command, env: CliEnvironment): void {
  const messages = program.command("messages").description("messages taken from the mailbox");
  messages
    .command("list")
    .description("list every processed message with its outcome and reason codes")
    .option("--json", "print JSON (one object per message)")
    .action(async (options: { json?: boolean }) => {
      await env.withDatabase(async (db) => {
        const list = await listMessages(db);
        if (options.json) return printJson(list);
        printTable(
          list.map((m) => ({
            received: m.receivedAt,
            outcome: m.outcome ?? "",
            reference: m.requestReference ?? "",
            reasons: m.reasons.join(","),
            messageId: m.messageId,
          })),
          ["received", "outcome", "reference", "reasons", "messageId"],
        );
      });
    });
}
