// `intake … | head`: a reader that stops reading ends the command quietly, with exit 0 and
// no stack trace, whether it was reading stdout or stderr.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey } from "../support/mail-builder.ts";
import { BIN } from "../support/terminal.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

// Far more than a pipe holds (64 KiB on Linux): the command is still writing when its reader goes.
const ORGANISATIONS = 3_000;

let ws: Workspace;

beforeAll(async () => {
  ws = await createWorkspace([await createDkimKey("nhs.net", "pipes")], { env: { INTAKE_LOG_LEVEL: "debug" } });
  const rows = Array.from({ length: ORGANISATIONS }, (_, i) => `P${String(i).padStart(5, "0")},Practice number ${i} of a long list,gp-practice,,open`);
  writeFileSync(path.join(ws.home, "many.csv"), `code,name,type,parent_code,status\n${rows.join("\n")}\n`);
  expect(ws.intake("organisations", "import", path.join(ws.home, "many.csv")).code).toBe(0);
});
afterAll(() => ws.remove());

/** Runs intake with `closing` (stdout or stderr) read by a reader that closes after `lines` lines; the other stream is kept. */
function withReaderThatStops(args: string[], closing: "stdout" | "stderr", lines: number): Promise<{ code: number | null; signal: string | null; kept: string; read: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...ws.env }, stdio: ["ignore", "pipe", "pipe"] });
    const reader = closing === "stdout" ? child.stdout : child.stderr;
    const other = closing === "stdout" ? child.stderr : child.stdout;
    let read = "";
    let kept = "";
    const stop = (): void => {
      if (read.split("\n").length > lines) reader.destroy();
    };
    reader.setEncoding("utf8").on("data", (chunk: string) => {
      read += chunk;
      stop();
    });
    stop();
    other.setEncoding("utf8").on("data", (chunk: string) => (kept += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, kept, read }));
  });
}

describe("output to a reader that stops reading", () => {
  it("a listing piped into a reader that closes after one line ends with exit 0 and nothing on stderr", async () => {
    const result = await withReaderThatStops(["organisations", "list"], "stdout", 1);
    expect(result.read).toMatch(/^code\s+type\s+status/);
    expect(result.kept).toBe("");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });

  it("a log read by a reader that closed before the first line ends the run with exit 0 and no stack trace on stdout", async () => {
    ws.deliver(await formMail({ messageId: "<closed-log@nhs.net>" }));
    const result = await withReaderThatStops(["run", "--once"], "stderr", 0);
    expect(result.kept).not.toMatch(/EPIPE|at .*\(.*\)|Error/);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });
});
