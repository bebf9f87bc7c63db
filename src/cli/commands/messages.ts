import type { Command } from "commander";
import type { Rejudged } from "../../intake/reprocess-message.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable } from "../output.ts";

export function registerMessages(program: Command, env: CliEnvironment): void {
  const messages = program.command("messages").description("messages taken from the mailbox");
  messages
    .command("list")
    .description("list every processed message with its outcome and reason codes")
    .option("--json", "print JSON (one object per message)")
    .action(async (options: { json?: boolean }) => {
      const { listMessages } = await import("../../records/messages.ts");
      await env.withDatabase(async (db) => {
        const list = await listMessages(db);
        if (options.json) return printJson(list);
        printTable(
          list.map((m) => ({
            received: m.receivedAt,
            outcome: m.outcome ?? "",
            reference: m.requestReference ?? "",
            reasons: m.reasons.join(","),
            "sender proof": m.senderProof ?? "",
            messageId: m.messageId,
          })),
          ["received", "outcome", "reference", "reasons", "sender proof", "messageId"],
        );
      });
    });

  messages
    .command("reprocess")
    .description("judge referred messages again, e.g. after adding their authoriser to the directory")
    .argument("[message-id...]", "Message-IDs of referred messages, as `messages list` shows them")
    .option("--all", "every message still referred to the support team")
    .option("--json", "print JSON")
    .action(async (ids: string[], options: { all?: boolean; json?: boolean }) => {
      if (ids.length === 0 && !options.all) {
        messages.error("give one or more Message-IDs, or --all");
      }
      const { config, log } = env.load();
      const [{ closeIntake, openIntake }, { reprocessMessage }, { listKeptMessageIds }] = await Promise.all([
        import("../../intake/intake-context.ts"),
        import("../../intake/reprocess-message.ts"),
        import("../../records/message-source.ts"),
      ]);
      const context = await openIntake(config, log);
      try {
        const targets = options.all ? await listKeptMessageIds(context.db) : ids;
        const results: Rejudged[] = [];
        for (const id of targets) results.push(await reprocessMessage(context, id));
        if (options.json) return printJson(results);
        printTable(
          results.map((r) => ({ messageId: r.messageId, outcome: r.outcome, reference: r.requestReference ?? "", reasons: r.reasons.join(",") })),
          ["messageId", "outcome", "reference", "reasons"],
        );
      } finally {
        await closeIntake(context);
      }
    });
}
