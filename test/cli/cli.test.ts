// The `intake` command as a user runs it: a real process, real exit codes, real output.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntake, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { readPageText } from "../../src/forms/read-text.ts";

const intake = (args: string[], env: Record<string, string> = {}) => runIntake(args, env);

let nhs: DkimKey;
let ws: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "cli1");
  ws = await createWorkspace([nhs]);
});
afterAll(() => ws.remove());

describe("intake command line", () => {
  it.each([[["--help"]], [["run", "--help"]], [["messages", "list", "--help"]], [["requests", "list", "--help"]], [["forms", "build", "--help"]], [["config", "help", "--help"]]])(
    "%j prints help and exits 0",
    (args) => {
      const result = intake(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: intake/);
    },
  );

  it.each([["--version"], ["-V"]])("%s prints the version in package.json and exits 0", (flag) => {
    const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    const result = intake([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.stderr).toBe("");
  });

  it("an unknown command is bad usage (exit 2)", () => {
    const result = intake(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/);
  });

  it("a bad status filter is bad usage (exit 2)", () => {
    expect(intake(["requests", "list", "--status", "lost"], ws.env).code).toBe(2);
  });

  it("a bad setting stops the program with exit 2, naming the variable", () => {
    const result = intake(["run", "--once"], { ...ws.env, INTAKE_MAX_ATTACHMENT_BYTES: "-1" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTAKE_MAX_ATTACHMENT_BYTES: expected a positive whole number of bytes/);
  });

  it("a missing DNS override file is a configuration error", () => {
    const result = intake(["run", "--once"], { ...ws.env, INTAKE_DNS_OVERRIDES: "nowhere.json" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/INTAKE_DNS_OVERRIDES/);
  });

  it("run --once processes a dropped form, then the lists show it as JSON", async () => {
    ws.deliver(await formMail({ signWith: nhs, messageId: "<cli-form@nhs.net>" }));
    const run = intake(["run", "--once"], ws.env);
    expect(run.stderr).not.toMatch(/"level":"error"/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 1, outcomes: { accepted: 1 }, repliesSent: 2 });

    const messages = intake(["messages", "list", "--json"], ws.env);
    expect(messages.code).toBe(0);
    const [message] = JSON.parse(messages.stdout) as Record<string, unknown>[];
    expect(message).toMatchObject({ messageId: "<cli-form@nhs.net>", outcome: "accepted", reasons: [] });
    expect(message?.requestReference).toMatch(/^EP2-/);

    const requests = intake(["requests", "list", "--json", "--status", "authorised"], ws.env);
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
    expect(JSON.parse(intake(["requests", "list", "--json", "--status", "rejected"], ws.env).stdout)).toEqual([]);
    expect(intake(["requests", "list"], ws.env).stdout).toMatch(/EP2-.*authorised.*EPACT2-GP/);
  });

  it("forms build writes the eleven fillable PDFs", () => {
    const out = path.join(ws.home, "forms");
    const result = intake(["forms", "build", "--out", out]);
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

  it("forms build prints INTAKE_SUPPORT_ADDRESS on every form as the address to return it to", async () => {
    const out = path.join(ws.home, "forms-returned");
    expect(intake(["forms", "build", "--out", out], { INTAKE_SUPPORT_ADDRESS: "epact2.returns@example.nhs.uk" }).code).toBe(0);
    for (const file of readdirSync(out)) {
      const opened = await openPdf(new Uint8Array(readFileSync(path.join(out, file))));
      if (opened.kind !== "opened") throw new Error(opened.detail);
      const lines = (await readPageText(opened.doc)).flatMap((page) => page.lines.map((line) => line.cells.map((cell) => cell.text).join(" ")));
      await opened.doc.destroy();
      expect(lines, file).toContain("epact2.returns@example.nhs.uk");
    }
  });

  it("forms build without --out is bad usage", () => {
    expect(intake(["forms", "build"]).code).toBe(2);
  });
});
