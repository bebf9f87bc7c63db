// The log a person reads at a terminal is plain lines; the log a machine collects (stderr
// piped, to a file, to the journal) is JSON lines. INTAKE_LOG_FORMAT says which, or leaves it
// to whether stderr is a terminal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRIPT, intakeInTerminal, visibleLines } from "../support/terminal.ts";
import { createWorkspace, runIntake, type Workspace } from "../support/workspace.ts";

let ws: Workspace;

beforeAll(async () => {
  ws = await createWorkspace([], { seed: false, env: { INTAKE_LOG_LEVEL: "info" } });
});
afterAll(() => ws.remove());

const TEXT_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info  intake pass finished {2}messages=0 /m;

/** The line of the pass's end, as shown. */
const passLine = (shown: string): string => visibleLines(shown).find((line) => line.includes("intake pass finished")) ?? "";

describe("the log format", () => {
  it("is JSON, one object a line, when stderr is not a terminal", () => {
    const result = runIntake(["run", "--once"], ws.env);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line) as unknown)).toContainEqual(expect.objectContaining({ level: "info", message: "intake pass finished" }));
  });

  it("is text when INTAKE_LOG_FORMAT=text, even with stderr piped", () => {
    const result = runIntake(["run", "--once"], { ...ws.env, INTAKE_LOG_FORMAT: "text" });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(TEXT_LINE);
    expect(result.stderr).not.toMatch(/^\{/m);
  });

  it("stops on a format it does not know, naming the variable", () => {
    const result = runIntake(["run", "--once"], { ...ws.env, INTAKE_LOG_FORMAT: "yaml" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTAKE_LOG_FORMAT: expected json .*text.*auto/);
  });

  it.skipIf(!SCRIPT)("is text on a terminal", async () => {
    const { code, shown } = await intakeInTerminal(["run", "--once"], ws.env);
    expect(code).toBe(0);
    expect(passLine(shown)).toMatch(TEXT_LINE);
  });

  it.skipIf(!SCRIPT)("is JSON on a terminal when INTAKE_LOG_FORMAT=json", async () => {
    const { code, shown } = await intakeInTerminal(["run", "--once"], { ...ws.env, INTAKE_LOG_FORMAT: "json" });
    expect(code).toBe(0);
    expect(JSON.parse(passLine(shown))).toMatchObject({ level: "info", message: "intake pass finished" });
  });
});
