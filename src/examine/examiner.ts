// Examines messages in a child process under one budget for the whole message: its time
// (DKIM, DNS, MIME and every attachment together) and its memory (the process's heap, and all
// it holds). A timer cannot interrupt pdf.js or a signature check, but it can end a process;
// and V8 ends a whole process, not just a thread, when one huge allocation runs out of heap.
// So whatever a message holds, it costs at most the budget, the intake itself never holds it,
// and the next message is examined by a fresh process. One process serves every message,
// since starting one and loading its libraries costs far more than an examination.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { getCompileCacheDir } from "node:module";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Finding } from "../rules/reasons.ts";
import type { DnsOverrides } from "../sender/dns-overrides.ts";
import { STAGES, type Examination, type Stage, type StageReport } from "./examination.ts";
import type { DisplayOptions, ExaminationSettings } from "./examine-message.ts";
import type { ExaminerProcessData, ExaminerReply, ExaminerRequest } from "./examiner-process.ts";

export interface ExaminerOptions {
  readonly settings: ExaminationSettings;
  /** DNS answers that replace DNS; null: real DNS. */
  readonly dnsOverrides: DnsOverrides | null;
  /** The time one message may take, from the process taking it to its last stage. */
  readonly budgetMs: number;
  /** The process's JavaScript heap and all it holds besides: an examination that needs more is cut off. */
  readonly memory: ExaminationMemory;
}

export interface Examiner {
  /**
   * Never rejects for anything the message holds; ExaminerError when the examiner itself cannot
   * work. With `display`, the examination also reads what a person needs to see (the support
   * team's case view): the header fields, the text and the list of attachments; with
   * `attachment` besides, that attachment's bytes, read under the same budget.
   */
  examine(raw: Buffer, options?: DisplayOptions): Promise<Examination>;
  /** Starts the process now, if it is not running, so the first message does not wait for it. */
  warmUp(): Promise<void>;
  /** Lets the queued examinations finish, then ends the process. */
  close(): Promise<void>;
}

/** The examiner cannot work at all: its process did not start, failed of itself, or it was used after close(). */
export class ExaminerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExaminerError";
  }
}

const SCRIPT = fileURLToPath(new URL("./examiner-process.ts", import.meta.url));
const MB = 1024 * 1024;
/** How often the process's memory is measured; pdf.js inflates a few hundred MB a second at most. */
const MEMORY_CHECK_MS = 50;
/** How long after its exit the end of what a process wrote on stderr is waited for. */
const STDERR_GRACE_MS = 500;
/** Loading the libraries takes a second or so; a process silent for this long is not coming. */
const STARTUP_TIMEOUT_MS = 30_000;

export interface ExaminationMemory {
  /** The process's JavaScript heap (old generation), in MB. */
  readonly heapMb: number;
  /** All the process may hold (its heap, the message, attachments, decoded PDF streams, Node itself), in MB. */
  readonly processMb: number;
  /** A process holding more than this once a message is done is retired; the next starts afresh. */
  readonly retireMb: number;
}

/**
 * The memory one examination may use, from the largest message read. A process that has read
 * forms holds about 180 MB (Node, the libraries, pdf.js); a 20 MB message signed ten times
 * leaves it near 290 MB and peaks higher on a busy machine, where the garbage collector falls
 * behind: the limit is the base and eight times the largest message (400 MB for 25 MB). A
 * process that still holds more than the base and twice the largest message once a message is
 * done is retired, so that no message is measured against what another left behind.
 */
export function examinationMemory(maxMessageBytes: number): ExaminationMemory {
  const messageMb = Math.ceil(maxMessageBytes / MB);
  return { heapMb: 96 + 2 * messageMb, processMb: 200 + 8 * messageMb, retireMb: 200 + 2 * messageMb };
}

type ProcessEvent =
  | { readonly kind: "reply"; readonly reply: ExaminerReply }
  | { readonly kind: "error"; readonly error: Error }
  | { readonly kind: "exit"; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: "timeout" }
  | { readonly kind: "memory"; readonly residentMb: number };

interface Examining {
  readonly child: ChildProcess;
  /** Called with each event; events while nobody listens are of no use. */
  listener: ((event: ProcessEvent) => void) | null;
  exited: boolean;
  /** The end of what the process wrote on stderr (V8 says there why it ended). */
  stderr: string;
}

/**
 * util-linux's setpriv, where there is one, starts the process with a parent-death signal: an
 * intake killed outright (SIGKILL, the OOM killer) takes its examiner with it, even one that is
 * deep in a PDF and would not notice its parent gone until it had finished.
 */
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((candidate) => existsSync(candidate)) ?? null;

/**
 * The intake's environment, with Node's compile cache: the examiner loads pdf.js and the mail
 * libraries from compiled code, not from source, whichever program started it (the intake's
 * command enables the cache, bin/intake.js; a program that did not gets the cache where Node
 * keeps it by default). NODE_COMPILE_CACHE set by the operator, or NODE_DISABLE_COMPILE_CACHE,
 * is left to Node.
 */
function examinerEnvironment(): NodeJS.ProcessEnv {
  if (process.env.NODE_COMPILE_CACHE) return process.env;
  const enabled = getCompileCacheDir();
  // The directory Node names is one per Node version, inside the one it was given.
  return { ...process.env, NODE_COMPILE_CACHE: enabled ? path.dirname(enabled) : path.join(os.tmpdir(), "node-compile-cache") };
}

function startProcess(heapMb: number): Examining {
  // Node's defaults, not the flags that started this process (a test runner's loader), plus
  // the heap limit: V8 ends this process, not the intake, when it is reached.
  const node = [process.execPath, `--max-old-space-size=${heapMb}`, "--max-semi-space-size=8", SCRIPT];
  const [command = process.execPath, ...args] = SETPRIV ? [SETPRIV, "--pdeathsig", "KILL", ...node] : node;
  // Detached: a process group of its own, so a Ctrl-C at the intake's terminal stops the intake
  // (which then stops this process) instead of cutting the message under examination short.
  const child = spawn(command, args, { serialization: "advanced", stdio: ["ignore", "ignore", "pipe", "ipc"], detached: true, env: examinerEnvironment() });
  const examining: Examining = { child, listener: null, exited: false, stderr: "" };
  const deliver = (event: ProcessEvent): void => examining.listener?.(event);
  child.on("message", (reply: ExaminerReply) => deliver({ kind: "reply", reply }));
  // Always listened to: an 'error' event nobody listens to would crash the intake.
  child.on("error", (error: Error) => deliver({ kind: "error", error }));
  // Its exit is told once what it wrote on stderr (why V8 ended it) has been read, or soon after.
  const stderrRead = new Promise<void>((resolve) => {
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (examining.stderr = (examining.stderr + chunk).slice(-2000)));
    child.stderr?.once("end", resolve);
  });
  child.on("exit", (code, signal) => {
    // The grace timer does not hold the program open: once stderr has ended, an intake that is
    // done exits at once instead of half a second later.
    void Promise.race([stderrRead, sleep(STDERR_GRACE_MS, undefined, { ref: false })]).then(() => {
      examining.exited = true;
      deliver({ kind: "exit", code, signal });
    });
  });
  return examining;
}

/** The resident memory of a process, in MB, from /proc (Linux); null where that cannot be read. */
async function residentMb(pid: number): Promise<number | null> {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Listens to the process until `until` says an event ends it, or the time runs out; with a
 * memory limit, also ends it when the process holds more than that.
 */
function listen(
  examining: Examining,
  timeoutMs: number,
  memoryLimitMb: number | null,
  until: (event: ProcessEvent) => boolean,
): Promise<ProcessEvent> {
  return new Promise((resolve) => {
    const end = (event: ProcessEvent): void => {
      clearTimeout(timer);
      clearInterval(watch);
      examining.listener = null;
      resolve(event);
    };
    const timer = setTimeout(() => end({ kind: "timeout" }), timeoutMs);
    const pid = examining.child.pid;
    const watch =
      memoryLimitMb === null || pid === undefined
        ? undefined
        : setInterval(() => {
            void residentMb(pid).then((resident) => {
              if (resident !== null && resident > memoryLimitMb) examining.listener?.({ kind: "memory", residentMb: resident });
            });
          }, MEMORY_CHECK_MS);
    examining.listener = (event) => {
      if (until(event)) end(event);
    };
  });
}

function describe(event: ProcessEvent, stderr: string): string {
  switch (event.kind) {
    case "reply":
      return event.reply.kind === "failed" ? event.reply.error : `it answered "${event.reply.kind}" out of turn`;
    case "error":
      return `${event.error.name}: ${event.error.message}`;
    case "exit": {
      const said = /FATAL ERROR: [^\n]*/.exec(stderr)?.[0];
      return `it stopped (${event.signal ?? `exit code ${event.code}`})${said ? `: ${said}` : ""}`;
    }
    case "timeout":
      return "it did not answer in time";
    case "memory":
      return `it held ${Math.round(event.residentMb)} MB`;
  }
}

/** V8 said it ran out of heap. */
function outOfHeap(event: ProcessEvent, stderr: string): boolean {
  return event.kind === "exit" && /heap out of memory|Reached heap limit/i.test(stderr);
}

/** What each stage was doing, for a person reading why a message was cut off. */
const DOING: Readonly<Record<Stage, string>> = {
  heading: "reading its header",
  signals: "reading its header",
  sender: "checking the sender's signatures and evidence",
  structure: "reading its MIME structure",
  form: "reading its attachments",
  display: "reading its text",
};

/** Why an examination was cut short: the time ran out, the memory did, or the worker failed. */
type Cause =
  | { readonly kind: "time"; readonly budgetMs: number }
  | { readonly kind: "memory"; readonly limit: string }
  | { readonly kind: "crash"; readonly detail: string };

/** The reports gathered so far, as an examination: complete, or cut short by `cause` at the next stage. */
function examinationOf(reports: readonly StageReport[], cause: Cause | null): Examination {
  const find = <S extends Stage>(stage: S): Extract<StageReport, { stage: S }> | undefined =>
    reports.find((report): report is Extract<StageReport, { stage: S }> => report.stage === stage);
  const heading = find("heading");
  const fromAddress = heading?.fromAddress ?? null;
  if (heading?.limit) return { kind: "stopped", finding: heading.limit, fromAddress };
  const signals = find("signals");
  const sender = find("sender");
  const structure = find("structure");
  const form = find("form");
  if (signals && sender && structure) {
    // Cut short while reading the attachments: the form is unreadable, the rest is known.
    const formOf = form?.form ?? (structure.structure.kind === "unreadable" || !cause ? { kind: "none" as const } : unreadableForm(cause));
    const { automatic, ownMessage, ourReferencedIds, ourQuotedIds } = signals;
    const display = find("display")?.display;
    return {
      kind: "examined",
      fromAddress,
      automatic,
      ownMessage,
      ourReferencedIds,
      ourQuotedIds,
      sender: sender.sender,
      senderPaths: sender.senderPaths,
      structure: structure.structure,
      form: formOf,
      ...(display ? { display } : {}),
    };
  }
  return { kind: "stopped", finding: stoppedFinding(cause ?? { kind: "crash", detail: "it ended before it was done" }, stageUnderWay(reports)), fromAddress };
}

function unreadableForm(cause: Cause): Extract<Examination, { kind: "examined" }>["form"] {
  switch (cause.kind) {
    case "time":
      return { kind: "unreadable", problem: "timeout", detail: `reading the attachments took longer than the ${cause.budgetMs / 1000} s the whole message may take` };
    case "memory":
      return { kind: "unreadable", problem: "corrupt", detail: `Reading the attachments needed more than ${cause.limit}.` };
    case "crash":
      return { kind: "unreadable", problem: "corrupt", detail: `The PDF reader failed on this PDF (${cause.detail}).` };
  }
}

/** The stage under way when the examination stopped: the one after the last reported. */
function stageUnderWay(reports: readonly StageReport[]): Stage {
  const last = reports.at(-1)?.stage;
  return STAGES[last === undefined ? 0 : Math.min(STAGES.indexOf(last) + 1, STAGES.length - 1)] ?? "heading";
}

function stoppedFinding(cause: Cause, at: Stage): Finding {
  switch (cause.kind) {
    case "time":
      return { code: "MESSAGE_TIME_LIMIT", detail: `not examined within ${cause.budgetMs / 1000} s; cut off while ${DOING[at]}` };
    case "memory":
      return { code: "MESSAGE_MEMORY_LIMIT", detail: `needed more than ${cause.limit}; cut off while ${DOING[at]}` };
    case "crash":
      return { code: "PROCESSING_FAILED", detail: `the examination failed while ${DOING[at]} (${cause.detail})` };
  }
}

export function createExaminer(options: ExaminerOptions): Examiner {
  const { budgetMs, memory } = options;
  const data: ExaminerProcessData = { settings: options.settings, dnsOverrides: options.dnsOverrides ? [...options.dnsOverrides] : null };
  const memoryLimitMb = memory.processMb;
  let current: Examining | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const request = (examining: Examining, message: ExaminerRequest): void => void examining.child.send(message);

  async function stop(examining: Examining): Promise<void> {
    if (examining.exited) return;
    const exited = new Promise((resolve) => examining.child.once("exit", resolve));
    examining.child.kill("SIGKILL");
    await exited;
  }

  /**
   * A process still holding much of its memory after a large message is retired, and the next
   * message starts in a fresh one: no message is measured against what another left behind
   * (a 20 MB message's buffers would otherwise count against the genuine form after it).
   */
  async function retireIfHeavy(examining: Examining): Promise<void> {
    const pid = examining.child.pid;
    const resident = pid === undefined ? null : await residentMb(pid);
    if (resident === null || resident <= memory.retireMb) return;
    current = null;
    // It ends when its channel closes; one that does not within the grace is killed.
    const kill = setTimeout(() => examining.child.kill("SIGKILL"), STDERR_GRACE_MS);
    examining.child.once("exit", () => clearTimeout(kill));
    examining.child.disconnect();
  }

  async function readyProcess(): Promise<Examining> {
    if (current && !current.exited) return current;
    const fresh = startProcess(memory.heapMb);
    const ready = listen(fresh, STARTUP_TIMEOUT_MS, null, () => true);
    request(fresh, { kind: "start", data });
    const first = await ready;
    if (first.kind === "reply" && first.reply.kind === "ready") return (current = fresh);
    await stop(fresh);
    throw new ExaminerError(`The examiner's process (${SCRIPT}) did not start: ${describe(first, fresh.stderr)}.`);
  }

  async function examineInProcess(raw: Buffer, display: DisplayOptions): Promise<Examination> {
    const examining = await readyProcess();
    const reports: StageReport[] = [];
    const ended = listen(examining, budgetMs, memoryLimitMb, (event) => {
      if (event.kind === "reply" && event.reply.kind === "stage") {
        reports.push(event.reply.report);
        return false;
      }
      return true;
    });
    request(examining, { kind: "examine", raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), display });
    const end = await ended;
    if (end.kind === "reply" && end.reply.kind === "done") {
      await retireIfHeavy(examining);
      return examinationOf(reports, null);
    }
    // Whatever else happened, this process is not trusted again; the next message starts another.
    current = null;
    await stop(examining);
    if (end.kind === "reply" && end.reply.kind === "failed") throw new ExaminerError(`The examination failed: ${end.reply.error}.`);
    if (end.kind === "timeout") return examinationOf(reports, { kind: "time", budgetMs });
    if (end.kind === "memory") return examinationOf(reports, { kind: "memory", limit: `${memoryLimitMb} MB of memory` });
    if (outOfHeap(end, examining.stderr)) return examinationOf(reports, { kind: "memory", limit: `${memory.heapMb} MB of heap` });
    return examinationOf(reports, { kind: "crash", detail: describe(end, examining.stderr) });
  }

  return {
    examine(raw, options = {}) {
      if (closed) return Promise.reject(new ExaminerError("The examiner is closed."));
      const examination = queue.then(() => examineInProcess(raw, options));
      queue = examination.catch(() => undefined);
      return examination;
    },

    warmUp() {
      if (closed) return Promise.reject(new ExaminerError("The examiner is closed."));
      const started = queue.then(async () => void (await readyProcess()));
      queue = started.catch(() => undefined);
      return started;
    },

    async close() {
      closed = true;
      await queue;
      const last = current;
      current = null;
      if (!last || last.exited) return;
      const exited = new Promise((resolve) => last.child.once("exit", resolve));
      last.child.disconnect();
      await exited;
    },
  };
}
