// Control characters from mail never reach the operator's terminal: through the real
// `intake` process, with the bytes it writes on stdout and stderr checked one by one. The
// commands that only read run at the same time (it.concurrent).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/records/database.ts";
import { loadConfig } from "../../src/config/config.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntakeAsyncBytes, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

// A terminal title and a screen wipe (ESC ] ... BEL, ESC [ 2J), a C1 CSI, a right-to-left override.
const HOSTILE = "\u001b]0;pwned\u0007 \u001b[2J \u009b31m \u202eexe.pdf";

/** Every character a terminal would act on or hide, other than the line breaks output is made of. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

function expectNoRawControls(bytes: Buffer): void {
  expect(bytes.includes(0x1b)).toBe(false);
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const unsafe = [...text.replace(/\n/g, "")].filter((char) => UNSAFE.test(char));
  expect(unsafe.map((char) => char.codePointAt(0)?.toString(16))).toEqual([]);
}

let nhs: DkimKey;
let ws: Workspace;
let env: Record<string, string>;

const intake = async (...args: string[]) => {
  const result = await runIntakeAsyncBytes(args, env);
  expectNoRawControls(result.stdout);
  expectNoRawControls(result.stderr);
  return result;
};

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "controls1");
  // Raw bytes in the threading headers (nodemailer would strip them), the subject as an
  // encoded word that decodes to the same controls.
  const rawHeaders = [
    "Message-ID: <\u001b]0;pwned\u0007@evil.example>",
    "In-Reply-To: <\u001b[2J@evil.example>",
    "References: <ok@example.org> <\u009b31m@evil.example> <\u202egpj.exe@evil.example>",
  ];
  const unsigned = { subject: HOSTILE, rawHeaders: ["Message-ID: <\u202egnp.exe\u007f@evil.example>"] };
  const [workspace, signedForm, unsignedForm] = await Promise.all([
    createWorkspace([nhs]),
    formMail({ signWith: nhs, messageId: null, mail: { subject: `Form ${HOSTILE}`, rawHeaders } }),
    formMail({ signWith: null, messageId: null, values: { organisation_code: "A81002" }, mail: unsigned }),
  ]);
  ws = workspace;
  env = { ...ws.env, INTAKE_LOG_LEVEL: "debug" };
  ws.deliver(signedForm);
  ws.deliver(unsignedForm);
}, 60_000);
afterAll(() => ws.remove());

describe("control characters from mail, on the command line", () => {
  it("run --once prints its summary and logs without them", async () => {
    const run = await intake("run", "--once");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.toString("utf8"))).toMatchObject({ messages: 2 });
    expect(run.stderr.toString("utf8")).toContain("message decided");
  });

  it.concurrent("a Message-ID holding controls, DEL or 8-bit characters is replaced by the synthesised one", async () => {
    const list = JSON.parse((await intake("messages", "list", "--json")).stdout.toString("utf8")) as { messageId: string }[];
    expect(list.map((message) => message.messageId)).toEqual([
      expect.stringMatching(/^<[0-9a-f]{64}@intake\.invalid>$/),
      expect.stringMatching(/^<[0-9a-f]{64}@intake\.invalid>$/),
    ]);
  });

  it.concurrent("the subject is kept without its control characters, and threading keeps only clean ids", async () => {
    const replies = await ws.outbox();
    expect(replies.some((reply) => reply.references.includes("<ok@example.org>"))).toBe(true);
    for (const reply of replies) {
      expect(reply.references.join(" ")).not.toMatch(UNSAFE);
      expect(reply.references).not.toContain("<\u001b[2J@evil.example>");
    }
    const db = await openDatabase(loadConfig(ws.env).databasePath);
    try {
      const subjects = (await db.message.findMany({ orderBy: { id: "asc" } })).map((message) => message.subject);
      expect(subjects).toEqual(["Form ]0;pwned [2J 31m exe.pdf", "]0;pwned [2J 31m exe.pdf"]);
    } finally {
      await db.$disconnect();
    }
  });

  it.concurrent("requests list prints the requests without them", async () => {
    const list = await intake("requests", "list");
    expect(list.code).toBe(0);
    expect(list.stdout.toString("utf8")).toMatch(/EP2-/);
  });
});

// Whatever is already in the records (written before input was cleaned, or by a path not
// yet thought of) is escaped on the way out, and JSON output still parses to the same value.
describe("control characters already in the records", () => {
  const storedId = `<${HOSTILE}\u2028\u0085@evil.example>`;
  const attention = `notice bounced: 550 ${HOSTILE}`;

  beforeAll(async () => {
    const db = await openDatabase(loadConfig(ws.env).databasePath);
    try {
      const [message] = await db.message.findMany({ orderBy: { id: "asc" }, take: 1 });
      await db.message.update({ where: { id: message!.id }, data: { messageId: storedId } });
      const [request] = await db.request.findMany({ orderBy: { id: "asc" }, take: 1 });
      await db.request.update({ where: { id: request!.id }, data: { attention } });
    } finally {
      await db.$disconnect();
    }
  });

  it.concurrent("messages list shows them as visible escapes", async () => {
    const table = (await intake("messages", "list")).stdout.toString("utf8");
    expect(table).toContain("<\\x1b]0;pwned\\x07 \\x1b[2J \\x9b31m \\u202eexe.pdf\\u2028\\x85@evil.example>");
  });

  it.concurrent("messages list --json escapes them and parses to the stored value", async () => {
    const json = (await intake("messages", "list", "--json")).stdout.toString("utf8");
    expect(json).toContain("\\u009b31m \\u202eexe.pdf\\u2028\\u0085@evil.example");
    const list = JSON.parse(json) as { messageId: string }[];
    expect(list[0]?.messageId).toBe(storedId);
  });

  it.concurrent("requests list and requests list --json show the attention text escaped", async () => {
    const [table, json] = await Promise.all([intake("requests", "list"), intake("requests", "list", "--json")]);
    expect(table.stdout.toString("utf8")).toContain("550 \\x1b]0;pwned\\x07");
    const list = JSON.parse(json.stdout.toString("utf8")) as { attention: string | null }[];
    expect(list.map((request) => request.attention)).toContain(attention);
  });

  it.concurrent("a usage error echoing an argument prints it escaped on stderr", async () => {
    const result = await intake("messages", "list", "--\u001b[2J");
    expect(result.code).toBe(2);
    expect(result.stderr.toString("utf8")).toContain("unknown option '--\\x1b[2J'");
  });

  it.concurrent("an error naming a Message-ID prints it escaped on stderr", async () => {
    const result = await intake("messages", "reprocess", `<${HOSTILE}@nowhere.example>`);
    expect(result.code).toBe(1);
    expect(result.stderr.toString("utf8")).toContain("no referred message <\\x1b]0;pwned\\x07 \\x1b[2J");
  });
});
