// A throw-away intake installation for one test file: its own Maildir, outbox, SQLite
// database and DNS override file, configured only through INTAKE_* variables.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { closeIntake, openIntake } from "../../src/intake/intake-context.ts";
import type { RunSummary } from "../../src/intake/run-once.ts";
import { runRecordedPass } from "../../src/jobs/recorded-pass.ts";
import { MAILDIR_FOLDERS } from "../../src/mailbox/maildir-mailbox.ts";
import type { OutcomeFolder } from "../../src/mailbox/mailbox.ts";
import { replyKinds } from "../../src/records/closed-sets.ts";
import { openDatabase } from "../../src/records/database.ts";
import { listMessages, type MessageSummary } from "../../src/records/messages.ts";
import { listRequests, type RequestSummary } from "../../src/records/requests.ts";
import { writeDnsOverrides, type DkimKey } from "./mail-builder.ts";
import { readOrganisations } from "../../src/organisations/read-organisations.ts";
import { importOrganisations } from "../../src/records/organisations.ts";
import { parseDirectoryFile } from "../../src/directory/read-directory-file.ts";
import { saveDirectoryEntries } from "../../src/records/directory.ts";

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

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");

/** Runs the real `intake` command in its own process, as an operator would. */
export function runIntake(args: readonly string[], env: Record<string, string>, input?: string): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 120_000,
    input,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without blocking this process: needed when a server the command talks to (the
 * test SMTP receiver) runs inside the test process, and so that commands that do not depend
 * on each other run at once. `input` is written to its standard input (none: it is closed).
 */
export async function runIntakeAsync(args: readonly string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const result = await runIntakeAsyncBytes(args, env, input);
  return { code: result.code, stdout: result.stdout.toString("utf8"), stderr: result.stderr.toString("utf8") };
}

/** The same, with stdout and stderr as the bytes the command wrote, undecoded. */
export function runIntakeAsyncBytes(args: readonly string[], env: Record<string, string>, input?: string): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on("error", () => undefined); // a command that exits before reading closes it
    child.stdin.end(input ?? "");
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
  });
}

export interface Workspace {
  readonly home: string;
  readonly env: Record<string, string>;
  /** `intake ARGS` in a child process with this workspace's configuration. */
  intake(...args: string[]): CliResult;
  deliver(raw: Buffer, name?: string): string;
  runOnce(): Promise<RunSummary>;
  messages(): Promise<MessageSummary[]>;
  requests(): Promise<RequestSummary[]>;
  outbox(): Promise<SentReply[]>;
  /** Answers recorded but held back by the daily cap, oldest first. */
  suppressedReplies(): Promise<{ kind: string; recipient: string }[]>;
  inbox(): string[];
  folder(folder: OutcomeFolder): string[];
  remove(): void;
}

let counter = 0;

/** The fixtures: sample reference data, forms and signed mail (fixtures/README.md). */
export const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");

/** Organisations of the sample forms (fixtures/sample-values.ts), in the plain CSV layout. */
export const SAMPLE_ORGANISATIONS = readFileSync(path.join(FIXTURES, "reference", "organisations.csv"), "utf8");

/** Dr Bob Authoriser holds, in the directory, the role each sample form needs. */
export const SAMPLE_DIRECTORY = readFileSync(path.join(FIXTURES, "reference", "authorisers.csv"), "utf8");

export interface WorkspaceOptions {
  readonly env?: Record<string, string>;
  /** Load SAMPLE_ORGANISATIONS and SAMPLE_DIRECTORY (default true). */
  readonly seed?: boolean;
}

export async function createWorkspace(keys: readonly DkimKey[], options: WorkspaceOptions = {}): Promise<Workspace> {
  const extraEnv = options.env ?? {};
  const home = mkdtempSync(path.join(os.tmpdir(), "intake-test-"));
  writeDnsOverrides(path.join(home, "dns.json"), keys);
  const env: Record<string, string> = {
    INTAKE_HOME: home,
    INTAKE_DNS_OVERRIDES: "dns.json",
    INTAKE_LOG_LEVEL: "error",
    ...extraEnv,
  };
  const config = loadConfig(env);
  // deliver(), inbox(), folder() and outbox() read the embedded Maildir and .eml outbox;
  // with an IMAP mailbox or SMTP outbox the test reads the servers instead.
  const maildir = config.mailbox.kind === "maildir" ? config.mailbox.path : path.join(home, "no-maildir");
  const outboxDir = config.outbox.kind === "eml-directory" ? config.outbox.path : path.join(home, "no-outbox");
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

  if (options.seed ?? true) {
    await withDb(async (db) => {
      await importOrganisations(db, readOrganisations(SAMPLE_ORGANISATIONS), new Date());
      await saveDirectoryEntries(db, parseDirectoryFile(new TextEncoder().encode(SAMPLE_DIRECTORY), "sample directory"), new Date());
    });
  }
  // The mail server's delivery agent creates the Maildir; here the test plays that part.
  for (const sub of ["new", "cur", "tmp"]) mkdirSync(path.join(maildir, sub), { recursive: true });

  return {
    home,
    env,
    intake: (...args) => runIntake(args, env),
    deliver(raw, name) {
      const file = name ?? `${Date.now()}.M${++counter}P${process.pid}.test`;
      const target = path.join(maildir, "new", file);
      writeFileSync(target, raw, { flag: "wx" });
      return file;
    },
    async runOnce() {
      const context = await openIntake(config, silentLogger());
      try {
        return await runRecordedPass(context);
      } finally {
        await closeIntake(context);
      }
    },
    messages: () => withDb(listMessages),
    requests: () => withDb((db) => listRequests(db)),
    async outbox() {
      const replies: SentReply[] = [];
      for (const file of list(outboxDir).filter((f) => f.endsWith(".eml"))) {
        const parsed = await simpleParser(readFileSync(path.join(outboxDir, file)));
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
    suppressedReplies: () =>
      withDb(async (db) =>
        (await db.reply.findMany({ where: { status: "suppressed" }, orderBy: { id: "asc" }, select: { kind: true, recipient: true } })).map((reply) => ({
          kind: replyKinds.domain(reply.kind),
          recipient: reply.recipient,
        })),
      ),
    inbox: () => [...list(path.join(maildir, "new")), ...list(path.join(maildir, "cur"))],
    folder: (folder) => list(path.join(maildir, MAILDIR_FOLDERS[folder], "cur")),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
