// A long `run --once` or import says what it is doing on a terminal (stderr, one line redrawn
// in place, then erased); piped, or with the JSON log, it writes no progress at all. Each
// command runs in a workspace of its own, so that the tests of a block run at the same time.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { SCRIPT, intakeInTerminal, visibleLines } from "../support/terminal.ts";
import { createWorkspace, runIntakeAsync, SAMPLE_DIRECTORY, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

const ERASE_LINE = "\r\u001b[K";

let nhs: DkimKey;
/** Holds the files imported, for every test. */
let ws: Workspace;
let organisations: string;
let directory: string;
const workspaces: Workspace[] = [];

/** A workspace of the test's own: its own Maildir and database. */
async function ownWorkspace(): Promise<Workspace> {
  const own = await createWorkspace([nhs], { env: { INTAKE_LOG_LEVEL: "warn" } });
  workspaces.push(own);
  return own;
}

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "progress");
  ws = await ownWorkspace();
  organisations = path.join(ws.home, "organisations.csv");
  const rows = Array.from({ length: 1_200 }, (_, i) => `Q${String(i).padStart(5, "0")},Practice ${i},gp-practice,,open`);
  writeFileSync(organisations, `code,name,type,parent_code,status\n${rows.join("\n")}\n`);
  directory = path.join(ws.home, "authorisers.csv");
  writeFileSync(directory, SAMPLE_DIRECTORY);
});
afterAll(() => {
  for (const each of workspaces) each.remove();
});

/** A workspace of its own with `count` forms waiting in its inbox. */
const withForms = async (count: number, tag: string): Promise<Workspace> => {
  const [own, forms] = await Promise.all([
    ownWorkspace(),
    Promise.all(Array.from({ length: count }, (_, i) => formMail({ signWith: nhs, messageId: `<${tag}-${i}@nhs.net>`, values: { applicant_email: `applicant.${tag}.${i}@nhs.net` } }))),
  ]);
  for (const raw of forms) own.deliver(raw);
  return own;
};

describe.skipIf(!SCRIPT)("progress on a terminal", () => {
  it.concurrent("organisations import shows each step, then leaves only its summary on the screen", async () => {
    const { code, shown } = await intakeInTerminal(["organisations", "import", organisations], ws.env);
    expect(code).toBe(0);
    expect(shown).toContain(`${ERASE_LINE}reading ${organisations} (`);
    expect(shown).toContain(`${ERASE_LINE}writing 1,200 organisations to the database (`);
    expect(visibleLines(shown).filter((line) => line !== "")).toEqual([expect.stringMatching(/^Imported 1,200 organisations \(plain CSV\)/)]);
  });

  it.concurrent("authorisers import shows the entries being written", async () => {
    const { code, shown } = await intakeInTerminal(["authorisers", "import", directory], (await ownWorkspace()).env);
    expect(code).toBe(0);
    expect(shown).toContain(`${ERASE_LINE}writing 10 directory entries to the database (`);
  });

  it.concurrent("run --once counts the messages as it reads them, and the replies sent", async () => {
    const own = await withForms(2, "terminal");
    const { code, shown } = await intakeInTerminal(["run", "--once"], own.env);
    expect(code).toBe(0);
    expect(shown).toContain(`${ERASE_LINE}2 messages waiting (`);
    expect(shown).toContain(`${ERASE_LINE}message 1 of 2`);
    expect(shown).toContain(`${ERASE_LINE}message 2 of 2`);
    expect(shown).toMatch(/replies sent \(\d+ s\)/);
    // The summary is printed on a clean line, the progress gone.
    expect(visibleLines(shown).join("\n")).toMatch(/^\{\n {2}"messages": 2,/m);
  });

  it.concurrent("shows nothing with INTAKE_LOG_FORMAT=json", async () => {
    const own = await withForms(1, "json-terminal");
    const { code, shown } = await intakeInTerminal(["run", "--once"], { ...own.env, INTAKE_LOG_FORMAT: "json" });
    expect(code).toBe(0);
    expect(shown).not.toContain(ERASE_LINE);
    expect(shown).not.toMatch(/message 1 of/);
  });
});

describe("no progress when piped", () => {
  it.concurrent("organisations import writes nothing on stderr", async () => {
    const result = await runIntakeAsync(["organisations", "import", organisations], (await ownWorkspace()).env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
  });

  it.concurrent("run --once writes only log lines on stderr, even with the text log", async () => {
    const own = await withForms(1, "piped");
    const result = await runIntakeAsync(["run", "--once"], { ...own.env, INTAKE_LOG_FORMAT: "text", INTAKE_LOG_LEVEL: "info" });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ info  intake pass finished/);
    expect(result.stderr).not.toContain("\r");
    expect(result.stderr).not.toMatch(/message 1 of|messages waiting \(/);
  });
});
