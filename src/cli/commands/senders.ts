import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { InputError } from "../../input-error.ts";
import type { Database } from "../../records/database.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printText } from "../output.ts";

const EXPLAIN_HELP = `
Reads one message (an .eml file as saved from the mailbox, or a referred message kept in
the records) and checks its sender exactly as intake does, under the configuration in
effect now: the From address as read, then each evidence path in order (dkim,
authentication-results, arc, exchange-organisation), what it found and why that counts or
not. Nothing is recorded and nothing is sent.`;

export function registerSenders(program: Command, env: CliEnvironment): void {
  const senders = program.command("senders").description("who sent a message, and what proves it");
  senders
    .command("explain")
    .description("explain one message's sender verdict: what each evidence path found, and why it counts or not")
    .argument("[file]", "the message as an .eml file")
    .option("--message-id <id>", "a referred message kept in the records, by its Message-ID as `messages list` shows it")
    .option("--json", "print JSON")
    .addHelpText("after", EXPLAIN_HELP)
    .action(async (file: string | undefined, options: { messageId?: string; json?: boolean }) => {
      if ((file === undefined) === (options.messageId === undefined)) {
        senders.error("give an .eml file, or --message-id ID (one of the two)");
      }
      const { config } = env.load();
      const [{ senderResolver }, { examineSender }, { explainInWords, explanationOf }] = await Promise.all([
        import("../../intake/intake-context.ts"),
        import("../../sender/authenticate-sender.ts"),
        import("../../sender/explain-sender.ts"),
      ]);
      const raw = file !== undefined ? readMessageFile(file) : await env.withDatabase((db) => keptMessage(db, options.messageId ?? ""));
      const policy = { ...config.senderEvidence, resolver: senderResolver(config), examineOffPaths: true };
      const explanation = explanationOf(await examineSender(raw, policy));
      if (options.json) printJson(explanation);
      else printText(explainInWords(explanation));
    });
}

function readMessageFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    throw new InputError(`cannot read the message file ${file} (${code})`);
  }
}

async function keptMessage(db: Database, messageId: string): Promise<Buffer> {
  const { findKeptMessage } = await import("../../records/message-source.ts");
  const kept = await findKeptMessage(db, messageId);
  if (!kept) throw new InputError(`no referred message ${messageId} is kept (only referred messages are kept): give its .eml file instead`);
  return kept.raw;
}
