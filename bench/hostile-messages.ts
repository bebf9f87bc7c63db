// What one hostile message costs the intake: for each kind (test/support/hostile-mail.ts), a
// fresh Maildir holding it and a genuine form behind it, one `intake run --once` on the
// embedded defaults, and its time, the outcome of both messages, and the peak memory of the
// intake with its examiner process (their resident memory summed, sampled every 20 ms).
//
//   npm run bench:hostile [-- --kind "deflate bomb"]
//
// JSON on stdout, a table for people on stderr.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { genuineFormMail, HOSTILE_MESSAGES, type HostileKind } from "../test/support/hostile-mail.ts";
import { createDkimKey } from "../test/support/mail-builder.ts";
import { createWorkspace } from "../test/support/workspace.ts";

const BIN = path.resolve(import.meta.dirname, "../bin/intake.js");
const SAMPLE_MS = 20;

/** Resident memory of a process and all its descendants, in MB. */
function treeResidentMb(pid: number): number {
  let kb = 0;
  const visit = (id: number): void => {
    try {
      kb += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${id}/task`)) {
        const children = readFileSync(`/proc/${id}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(" ") : []) visit(Number(child));
      }
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return kb / 1024;
}

interface Measured {
  readonly kind: string;
  readonly seconds: number;
  readonly peakMb: number;
  readonly hostile: string;
  readonly next: string;
}

async function measure(kind: HostileKind | "genuine form"): Promise<Measured> {
  const key = await createDkimKey("nhs.net", "bench1");
  const ws = await createWorkspace([key]);
  try {
    const first = kind === "genuine form" ? await genuineFormMail({ key, messageId: "<first@nhs.net>" }, "first.applicant@nhs.net") : await HOSTILE_MESSAGES[kind]({ key, messageId: "<first@nhs.net>" });
    ws.deliver(first, "1.first");
    ws.deliver(await genuineFormMail({ key, messageId: "<next@nhs.net>" }), "2.next");
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "run", "--once"], { env: { PATH: process.env.PATH ?? "", ...ws.env }, stdio: ["ignore", "ignore", "pipe"] });
    let peakMb = 0;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, child.pid ? treeResidentMb(child.pid) : 0)), SAMPLE_MS);
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`intake run --once exited with ${code}: ${stderr.slice(-2000)}`);
    const messages = await ws.messages();
    const outcome = (id: string): string => {
      const message = messages.find((m) => m.messageId === id);
      return message ? `${message.outcome} ${message.reasons.join(",")}`.trim() : "(not recorded)";
    };
    return { kind, seconds: Number(seconds.toFixed(2)), peakMb: Math.round(peakMb), hostile: outcome("<first@nhs.net>"), next: outcome("<next@nhs.net>") };
  } finally {
    ws.remove();
  }
}

const { values } = parseArgs({ options: { kind: { type: "string", multiple: true } } });
const kinds = (values.kind ?? ["genuine form", ...Object.keys(HOSTILE_MESSAGES)]) as (HostileKind | "genuine form")[];
const results: Measured[] = [];
for (const kind of kinds) {
  const result = await measure(kind);
  results.push(result);
  process.stderr.write(`${kind.padEnd(28)} ${String(result.seconds).padStart(6)} s  ${String(result.peakMb).padStart(4)} MB  ${result.hostile.padEnd(40)} next: ${result.next}\n`);
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
