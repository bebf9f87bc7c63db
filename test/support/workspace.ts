// A throw-away intake installation for one test file: its own Maildir, outbox, SQLite
// database and DNS override file, configured only through INTAKE_* variables.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { closeIntake, openIntake } from "../../src/intake/intake-context.ts";
import { runOnce, type RunSummary } from "../../src/intake/run-once.ts";
import { MAILDIR_FOLDERS } from "../../src/mailbox/maildir-mailbox.ts";
import type { OutcomeFolder } from "../../src/mailbox/mailbox.ts";
import { openDatabase } from "../../src/records/database.ts";
import { listMessages, type MessageSummary } from "../../src/records/list-messages.ts";
import { listRequests, type RequestSummary } from "../../src/records/list-requests.ts";
import { writeDnsOverrides, type DkimKey } from "./mail-builder.ts";

export interface SentReply {
  readonly file: string;
  readonly to: string;
  readonly subject: string;
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly autoSubmitted: string | null;
  readonly text: string;
  readonly html: string;
}

export interface Workspace {
  readonly home: string;
  readonly env: Record<string, string>;
  deliver(raw: Buffer, name?: string): string;
  runOnce(): Promise<RunSummary>;
  messages(): Promise<MessageSummary[]>;
  requests(): Promise<RequestSummary[]>;
  outbox(): Promise<SentReply[]>;
  inbox(): string[];
  folder(folder: OutcomeFolder): string[];
  remove(): void;
}

let counter = 0;

export function createWorkspace(keys: readonly DkimKey[], extraEnv: Record<string, string> = {}): Workspace {
  const home = mkdtempSync(path.join(os.tmpdir(), "intake-test-"));
  writeDnsOverrides(path.join(home, "dns.json"), keys);
  const env: Record<string, string> = {
    INTAKE_HOME: home,
    INTAKE_DNS_OVERRIDES: "dns.json",
    INTAKE_LOG_LEVEL: "error",
    ...extraEnv,
  };
  const config = loadConfig(env);
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir).filter((name) => !name.startsWith(".")).sort();
    } catch {
      return [];
    }
  };
  const withDb = async <T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    const db = await openDatabase(config.databasePath);
    try {
      return await work(db);
    } finally {
      await db.$disconnect();
    }
  };

  // The mail server's delivery agent creates the Maildir; here the test plays that part.
  for (const sub of ["new", "cur", "tmp"]) mkdirSync(path.join(config.mailbox.path, sub), { recursive: true });

  return {
    home,
    env,
    deliver(raw, name) {
      const file = name ?? `${Date.now()}.M${++counter}P${process.pid}.test`;
      const target = path.join(config.mailbox.path, "new", file);
      writeFileSync(target, raw, { flag: "wx" });
      return file;
    },
    async runOnce() {
      const context = await openIntake(config, silentLogger());
      try {
        return await runOnce(context);
      } finally {
        await closeIntake(context);
      }
    },
    messages: () => withDb(listMessages),
    requests: () => withDb((db) => listRequests(db)),
    async outbox() {
      const replies: SentReply[] = [];
      for (const file of list(config.outbox.path).filter((f) => f.endsWith(".eml"))) {
        const parsed = await simpleParser(readFileSync(path.join(config.outbox.path, file)));
        const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
        const references = parsed.references;
        replies.push({
          file,
          to: to?.value[0]?.address ?? "",
          subject: parsed.subject ?? "",
          messageId: parsed.messageId ?? "",
          inReplyTo: parsed.inReplyTo ?? null,
          references: Array.isArray(references) ? references : references ? [references] : [],
          autoSubmitted: (parsed.headers.get("auto-submitted") as string | undefined) ?? null,
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
        });
      }
      return replies;
    },
    inbox: () => [...list(path.join(config.mailbox.path, "new")), ...list(path.join(config.mailbox.path, "cur"))],
    folder: (folder) => list(path.join(config.mailbox.path, MAILDIR_FOLDERS[folder], "cur")),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
