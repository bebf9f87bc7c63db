// The budget of one message, against the examiner itself: a PDF that keeps pdf.js busy, signatures
// that take longer than the budget to check, a PDF that needs more heap than allowed, a deflate
// bomb and a 16 MB field are each cut off at their time or memory limit, and the next message is
// examined. Each waits out a budget or fills a memory limit, and a budget of a second is only
// meaningful on a machine not running other tests at once: these run with the fault tests, one
// file at a time (the rest of the examiner's tests are in test/examine/examiner.test.ts).
import { describe, expect, it } from "vitest";
import { MAX_SIGNATURES } from "../../src/examine/limits.ts";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { busyPdf, deflateBombForm, textHeavyPdf } from "../forms/support/other-pdfs.ts";
import { countingProcesses, examinerRigForThisFile, examined, pdf } from "../examine/support/examiner-rig.ts";
import { HOSTILE_MESSAGES } from "../support/hostile-mail.ts";
import { signMail } from "../support/mail-builder.ts";

const rig = examinerRigForThisFile("exam2");
const { examiner, mailWith } = rig;

describe("the budget of one message", () => {
  it("a PDF that keeps pdf.js busy is cut off at the budget: the form is unreadable, the sender still known, and the next message is examined", async () => {
    const reader = examiner({ budgetMs: 1_000 });
    const genuine = await mailWith([pdf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")))]);
    const busy = await mailWith([pdf(await busyPdf())]);
    const { result, processesStarted } = await countingProcesses(async () => {
      const started = performance.now();
      const cut = examined(await reader.examine(busy));
      const seconds = (performance.now() - started) / 1000;
      return { cut, seconds, next: examined(await reader.examine(genuine)) };
    });
    console.log(`busy PDF under a 1 s budget: cut off after ${result.seconds.toFixed(2)} s`);
    expect(result.cut.form).toEqual({ kind: "unreadable", problem: "timeout", detail: "reading the attachments took longer than the 1 s the whole message may take" });
    expect(result.cut.sender.verification?.method).toBe("dkim");
    expect(result.next.form.kind).toBe("read");
    expect(processesStarted).toBe(2);
  });

  it("a message whose signatures take longer than the budget to check is referred unjudged (MESSAGE_TIME_LIMIT)", async () => {
    // Ten signatures, each over its own length of a 20 MB body: ten body hashes to compute.
    let raw = await mailWith([], { text: "x".repeat(76).concat("\n").repeat(260_000) });
    for (let n = 1; n < MAX_SIGNATURES; n++) raw = await signMail(raw, rig.nhs, { bodyLength: n * 1_000_000 });
    const examination = await examiner({ budgetMs: 100 }).examine(raw);
    expect(examination).toMatchObject({ kind: "stopped", finding: { code: "MESSAGE_TIME_LIMIT" } });
    expect(examination.kind === "stopped" && examination.finding.detail).toMatch(/^not examined within 0.1 s; cut off while /);
  });

  it("a PDF that needs more heap than the budget allows is unreadable, and the next message is examined", async () => {
    const reader = examiner({ memory: { heapMb: 64, processMb: 400, retireMb: 200 } });
    const heavy = examined(await reader.examine(await mailWith([pdf(await textHeavyPdf())])));
    expect(heavy.form).toEqual({ kind: "unreadable", problem: "corrupt", detail: "Reading the attachments needed more than 64 MB of heap." });
    expect(examined(await reader.examine(await mailWith([pdf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")))]))).form.kind).toBe("read");
  });

  it("a deflate bomb (1 MB that inflates to 1 GB) is cut off at the memory limit, long before the time limit", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten: true });
    const bomb = await deflateBombForm(form, 1024);
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const reader = examiner({ budgetMs: 60_000 });
    let peakRss = 0;
    const sampling = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const started = performance.now();
    const examination = examined(await reader.examine(await mailWith([pdf(bomb)])));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampling);
    console.log(`deflate bomb of ${(bomb.byteLength / 1e6).toFixed(1)} MB: cut off after ${seconds.toFixed(1)} s, peak RSS ${Math.round(peakRss / 1e6)} MB`);
    expect(examination.form).toMatchObject({ kind: "unreadable", problem: "corrupt", detail: expect.stringMatching(/^Reading the attachments needed more than \d+ MB of (memory|heap)\.$/) as unknown });
    expect(examined(await reader.examine(await mailWith([pdf(form)]))).form.kind).toBe("read");
  });

  it("a form whose field holds 16 MB of text, packed into a few KB, is not read as a form, and the next message is examined", async () => {
    const reader = examiner();
    const examination = examined(await reader.examine(await HOSTILE_MESSAGES["huge field value"]({ key: rig.nhs, messageId: "<huge@nhs.net>" })));
    expect(examination.form.kind === "read").toBe(false);
    expect(examined(await reader.examine(await mailWith([pdf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")))]))).form.kind).toBe("read");
  });
});
