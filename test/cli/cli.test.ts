// The `intake` command as a user runs it: a real process, real exit codes, real output.
// No test here changes what another looks at, so they all run at the same time (it.concurrent).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { readPageText } from "../../src/forms/read-text.ts";

const intake = (args: string[], env: Record<string, string> = {}) => runIntakeAsync(args, env);

let nhs: DkimKey;
let ws: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "cli1");
  ws = await createWorkspace([nhs]);
});
afterAll(() => ws.remove());

describe("intake command line", () => {
  // The longest first: at most five tests run at once.
  it.concurrent("run --once processes a dropped form, then the lists show it as JSON", async () => {
    ws.deliver(await formMail({ signWith: nhs, messageId: "<cli-form@nhs.net>" }));
    const run = await intake(["run", "--once"], ws.env);
    expect(run.stderr).not.toMatch(/"level":"error"/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 1, outcomes: { accepted: 1 }, repliesSent: 2 });

    const [messages, requests, rejected, table] = await Promise.all([
      intake(["messages", "list", "--json"], ws.env),
      intake(["requests", "list", "--json", "--status", "authorised"], ws.env),
      intake(["requests", "list", "--json", "--status", "rejected"], ws.env),
      intake(["requests", "list"], ws.env),
    ]);
    expect(messages.code).toBe(0);
    const [message] = JSON.parse(messages.stdout) as Record<string, unknown>[];
    expect(message).toMatchObject({ messageId: "<cli-form@nhs.net>", outcome: "accepted", reasons: [] });
    expect(message?.requestReference).toMatch(/^EP2-/);

    expect(requests.code).toBe(0);
    expect(JSON.parse(requests.stdout)).toMatchObject([
      {
        reference: message?.requestReference,
        status: "authorised",
        formId: "EPACT2-GP",
        applicantEmail: "alice.applicant@nhs.net",
        authoriserEmail: "bob.authoriser@nhs.net",
        organisationCode: "A81001",
        reasons: [],
      },
    ]);
    expect(JSON.parse(rejected.stdout)).toEqual([]);
    expect(table.stdout).toMatch(/EP2-.*authorised.*EPACT2-GP/);
  });

  it.concurrent("forms build writes the eleven fillable PDFs", async () => {
    const out = path.join(ws.home, "forms");
    const result = await intake(["forms", "build", "--out", out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "EPACT2-CDAO.pdf",
      "EPACT2-DEFAULT.pdf",
      "EPACT2-FINANCIAL-ICB.pdf",
      "EPACT2-FINANCIAL-PROVIDER.pdf",
      "EPACT2-FINANCIAL-REGIONAL.pdf",
      "EPACT2-GP.pdf",
      "EPACT2-NATIONAL.pdf",
      "EPACT2-PCN.pdf",
      "EPACT2-PRESCRIBER-ICB.pdf",
      "EPACT2-PRESCRIBER-PROVIDER.pdf",
      "EPACT2-PRESCRIBER-SICBL.pdf",
    ]);
  });

  it.concurrent("forms build prints INTAKE_SUPPORT_ADDRESS on every form as the address to return it to", async () => {
    const out = path.join(ws.home, "forms-returned");
    expect((await intake(["forms", "build", "--out", out], { INTAKE_SUPPORT_ADDRESS: "epact2.returns@example.nhs.uk" })).code).toBe(0);
    for (const file of readdirSync(out)) {
      const opened = await openPdf(new Uint8Array(readFileSync(path.join(out, file))));
      if (opened.kind !== "opened") throw new Error(opened.detail);
      const lines = (await readPageText(opened.doc)).flatMap((page) => page.lines.map((line) => line.cells.map((cell) => cell.text).join(" ")));
      await opened.doc.destroy();
      expect(lines, file).toContain("epact2.returns@example.nhs.uk");
    }
  });

  it.concurrent.each([[["--help"]], [["run", "--help"]], [["messages", "list", "--help"]], [["requests", "list", "--help"]], [["forms", "build", "--help"]], [["config", "help", "--help"]]])(
    "%j prints help and exits 0",
    async (args) => {
      const result = await intake(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: intake/);
    },
  );

  it.concurrent.each([["--version"], ["-V"]])("%s prints the version in package.json and exits 0", async (flag) => {
    const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    const result = await intake([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.stderr).toBe("");
  });

  it.concurrent("an unknown command is bad usage (exit 2)", async () => {
    const result = await intake(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/);
  });

  it.concurrent("a bad status filter is bad usage (exit 2)", async () => {
    expect((await intake(["requests", "list", "--status", "lost"], ws.env)).code).toBe(2);
  });

  it.concurrent("a bad setting stops the program with exit 2, naming the variable", async () => {
    const result = await intake(["run", "--once"], { ...ws.env, INTAKE_MAX_ATTACHMENT_BYTES: "-1" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTAKE_MAX_ATTACHMENT_BYTES: expected a positive whole number of bytes/);
  });

  it.concurrent("a missing DNS override file is a configuration error", async () => {
    const result = await intake(["run", "--once"], { ...ws.env, INTAKE_DNS_OVERRIDES: "nowhere.json" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTAKE_DNS_OVERRIDES/);
  });

  it.concurrent("forms build without --out is bad usage", async () => {
    expect((await intake(["forms", "build"])).code).toBe(2);
  });
});
