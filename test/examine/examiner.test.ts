// The examiner: a whole message (header, sender's evidence, MIME, attachments) examined in a
// child process under one time and memory budget, against real signed mail and real PDFs from
// the project's generator. Whatever a message holds, it costs at most the budget, and the next
// message is examined by a fresh process.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MAX_HEADER_BYTES, MAX_HEADER_FIELDS, MAX_PDFS, MAX_SIGNATURES } from "../../src/examine/limits.ts";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import { imageOnlyPdf, invoicePdf } from "../forms/support/other-pdfs.ts";
import { countingProcesses, examinerRigForThisFile, examined, MAX_ATTACHMENT_BYTES, pdf } from "./support/examiner-rig.ts";
import { signMail } from "../support/mail-builder.ts";

const rig = examinerRigForThisFile("exam1");
const { examiner, mailWith } = rig;

describe("examining a message", () => {
  it("reads a signed form mail whole: the sender proven, the form read as in this thread, the caller's bytes intact", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const raw = await mailWith([pdf(form)]);
    const copy = Buffer.from(raw);

    const examination = examined(await examiner().examine(raw));

    expect(examination.fromAddress).toBe("bob.authoriser@nhs.net");
    expect(examination.sender.verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
    expect(examination.structure).toMatchObject({ kind: "parsed", subject: "ePACT2 registration form" });
    expect(examination.form).toEqual(await readRegistrationForm(form, { maxBytes: MAX_ATTACHMENT_BYTES }));
    expect(raw.equals(copy)).toBe(true);
  });

  it("gives the same form readings as in this thread for a flattened form, somebody else's PDF and a scan", async () => {
    const reader = examiner();
    for (const bytes of [await fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL"), { flatten: true }), await invoicePdf(), await imageOnlyPdf()]) {
      expect(examined(await reader.examine(await mailWith([pdf(bytes)]))).form).toEqual(await readRegistrationForm(bytes, { maxBytes: MAX_ATTACHMENT_BYTES }));
    }
  });

  it("examines many messages with one process, started once by warmUp()", async () => {
    const reader = examiner();
    const raw = await mailWith([pdf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")))]);
    const { result, processesStarted } = await countingProcesses(async () => {
      await reader.warmUp();
      const readings: string[] = [];
      for (let n = 0; n < 10; n++) readings.push(examined(await reader.examine(raw)).form.kind);
      return readings;
    });
    expect(result).toEqual(Array.from({ length: 10 }, () => "read"));
    expect(processesStarted).toBe(1);
  });

  it("keeps only attachments that could be forms, and holds none over the size limit", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const huge = new Uint8Array(12 * 1024 * 1024);
    huge.set(form);
    const photo = { filename: "photo.jpg", content: new Uint8Array(3 * 1024 * 1024), contentType: "image/jpeg" };
    const examination = examined(await examiner().examine(await mailWith([photo, pdf(huge)])));
    expect(examination.form).toEqual({ kind: "unreadable", problem: "too-large", detail: `The file is ${huge.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes.` });
  });
});

describe("reading a message for people (a case's view)", () => {
  it("gives its header fields, its text and every attachment's name and size, with the sender's evidence path by path", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const photo = { filename: "photo.jpg", content: new Uint8Array(2048), contentType: "image/jpeg" };
    const examination = examined(await examiner().examine(await mailWith([pdf(form), photo], { text: "Hello team,\nplease find <b>the form</b> attached." }), { display: true }));

    expect(examination.display?.headers).toContainEqual({ name: "subject", value: "ePACT2 registration form" });
    expect(examination.display?.text).toContain("please find <b>the form</b> attached.");
    expect(examination.display?.attachments).toEqual([
      { filename: "form.pdf", contentType: "application/pdf", sizeBytes: form.byteLength },
      { filename: "photo.jpg", contentType: "image/jpeg", sizeBytes: 2048 },
    ]);
    expect(examination.senderPaths.map((path) => [path.path, path.outcome])).toEqual([
      ["dkim", "proves"],
      ["authentication-results", "does-not-prove"],
      ["arc", "off"],
      ["exchange-organisation", "off"],
    ]);
  });

  it("gives the bytes of the one attachment asked for (a download), by its place in that list; the form is still read from the PDF alone", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const photo = new Uint8Array(4096).map((_, n) => (n * 7) % 256);
    const raw = await mailWith([pdf(form), { filename: "photo.jpg", content: photo, contentType: "image/jpeg" }]);
    const reader = examiner();

    const asked = examined(await reader.examine(raw, { display: true, attachment: 1 }));
    expect(asked.display?.attachment).toMatchObject({ index: 1, filename: "photo.jpg", contentType: "image/jpeg" });
    expect(Buffer.from(asked.display?.attachment?.bytes ?? []).equals(Buffer.from(photo))).toBe(true);
    // Held for the download only: the photo is not a candidate form, so the form read is the PDF.
    expect(asked.form.kind).toBe("read");

    const pdfAsked = examined(await reader.examine(raw, { display: true, attachment: 0 }));
    expect(Buffer.from(pdfAsked.display?.attachment?.bytes ?? []).equals(Buffer.from(form))).toBe(true);
    expect(examined(await reader.examine(raw, { display: true, attachment: 2 })).display?.attachment).toBeUndefined();
    expect(examined(await reader.examine(raw, { display: true })).display?.attachment).toBeUndefined();
  });

  it("reads no text unless asked", async () => {
    expect(examined(await examiner().examine(await mailWith([]))).display).toBeUndefined();
  });
});

describe("limits on what one message may hold", () => {
  it(`a header over ${MAX_HEADER_BYTES / 1024} KB is referred unread (MESSAGE_HEADER_TOO_LARGE)`, async () => {
    const folded = `X-Padding: ${Array.from({ length: 5_000 }, () => "x".repeat(70)).join("\r\n ")}`;
    const examination = await examiner().examine(await mailWith([], { rawHeaders: [folded] }));
    expect(examination).toMatchObject({ kind: "stopped", finding: { code: "MESSAGE_HEADER_TOO_LARGE" }, fromAddress: null });
  });

  it(`more than ${MAX_HEADER_FIELDS} header fields are referred unread (MESSAGE_HEADER_TOO_LARGE)`, async () => {
    const fields = Array.from({ length: MAX_HEADER_FIELDS + 1 }, (_, n) => `X-Field-${n}: ${n}`);
    const examination = await examiner().examine(await mailWith([], { rawHeaders: fields }));
    expect(examination).toMatchObject({ kind: "stopped", finding: { code: "MESSAGE_HEADER_TOO_LARGE", detail: `${MAX_HEADER_FIELDS + 10} header fields; the limit is ${MAX_HEADER_FIELDS}` } });
  });

  it(`more than ${MAX_SIGNATURES} signatures are referred unchecked (MESSAGE_TOO_MANY_SIGNATURES)`, async () => {
    let raw = await mailWith([]);
    for (let n = 0; n < MAX_SIGNATURES; n++) raw = await signMail(raw, rig.nhs, { bodyLength: n + 1 });
    const examination = await examiner().examine(raw);
    expect(examination).toMatchObject({ kind: "stopped", finding: { code: "MESSAGE_TOO_MANY_SIGNATURES" }, fromAddress: "bob.authoriser@nhs.net" });
  });

  it(`more than ${MAX_PDFS} PDFs are not read`, async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const examination = examined(await examiner().examine(await mailWith(Array.from({ length: MAX_PDFS + 1 }, (_, n) => pdf(form, `form-${n}.pdf`)))));
    expect(examination.form).toEqual({ kind: "too-many", count: MAX_PDFS + 1, limit: MAX_PDFS });
  });
});

describe("closing", () => {
  /** How long a process may take to exit after its last examination before it counts as kept alive. */
  const GRACE_MS = 2_000;

  /** Runs a Node process that examines one message (and closes its examiner or not). */
  function examineInChildProcess(options: { close: boolean }): Promise<{ output: string; exitedByItself: boolean }> {
    const module = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import { createExaminer, examinationMemory } from ${module("../../src/examine/examiner.ts")};
      const examiner = createExaminer({
        settings: { maxAttachmentBytes: 1048576, senderPolicy: { trustedAuthservIds: [] }, signingKey: new Uint8Array(32), ownAddress: "a@b.example" },
        dnsOverrides: new Map(), budgetMs: 15000, memory: examinationMemory(26214400),
      });
      const examination = await examiner.examine(Buffer.from("From: a@nhs.net\\r\\nSubject: hi\\r\\n\\r\\nhello\\r\\n"));
      ${options.close ? "await examiner.close();" : ""}
      console.log(examination.kind);
    `;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      let output = "";
      let killed = false;
      const kill = (): void => {
        killed = true;
        child.kill();
      };
      let timer = setTimeout(kill, 60_000);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        clearTimeout(timer);
        timer = setTimeout(kill, GRACE_MS);
      });
      child.on("error", reject);
      child.on("exit", () => {
        clearTimeout(timer);
        resolve({ output: output.trim(), exitedByItself: !killed });
      });
    });
  }

  it("close() ends its process: a program that closes its examiner exits by itself", async () => {
    expect(await examineInChildProcess({ close: true })).toEqual({ output: "examined", exitedByItself: true });
  });

  it("without close() the idle examiner keeps the program alive", async () => {
    expect(await examineInChildProcess({ close: false })).toEqual({ output: "examined", exitedByItself: false });
  });

  it("a closed examiner refuses further messages", async () => {
    const reader = examiner();
    await reader.close();
    await expect(reader.examine(Buffer.from("From: a@nhs.net\r\n\r\nhi\r\n"))).rejects.toThrow("The examiner is closed.");
  });
});
