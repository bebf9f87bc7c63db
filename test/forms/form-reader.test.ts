import { spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import { createFormReader } from "../../src/forms/form-reader.ts";
import type { FormReader } from "../../src/forms/form-reader.ts";
import { fillForm, sampleValues } from "../../src/forms/generate-form.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import { busyPdf, deflateBombForm, imageOnlyPdf, invoicePdf, textHeavyPdf } from "./support/other-pdfs.ts";

const MAX_BYTES = 10 * 1024 * 1024;
const readers: FormReader[] = [];

function reader(options: { timeoutMs?: number; heapLimitMb?: number; bufferLimitMb?: number } = {}): FormReader {
  const created = createFormReader({ maxBytes: MAX_BYTES, timeoutMs: 10_000, ...options });
  readers.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.close()));
});

/** Counts the worker threads started while `body` runs (Node publishes each on this channel). */
async function countingWorkers<T>(body: () => Promise<T>): Promise<{ result: T; workersStarted: number }> {
  let workersStarted = 0;
  const count = (): void => void workersStarted++;
  subscribe("worker_threads", count);
  try {
    return { result: await body(), workersStarted };
  } finally {
    unsubscribe("worker_threads", count);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timed(read: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await read();
  return performance.now() - started;
}

describe("reading through the worker", () => {
  it("reads a real form as the in-thread reader does, and leaves the caller's bytes intact", async () => {
    const bytes = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const length = bytes.byteLength;
    const reading = await reader().read(bytes);
    expect(reading.kind).toBe("read");
    expect(reading).toEqual(await readRegistrationForm(bytes, { maxBytes: MAX_BYTES }));
    expect(bytes.byteLength).toBe(length);
  });

  it("gives the same readings as in-thread for a flattened form, somebody else's PDF and a scan", async () => {
    const formReader = reader();
    for (const bytes of [
      await fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL"), { flatten: true }),
      await invoicePdf(),
      await imageOnlyPdf(),
    ]) {
      expect(await formReader.read(bytes)).toEqual(await readRegistrationForm(bytes, { maxBytes: MAX_BYTES }));
    }
  });

  it("warmUp() starts the worker before the first read, which then uses it", async () => {
    const formReader = reader();
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const { result, workersStarted } = await countingWorkers(async () => {
      await formReader.warmUp();
      await formReader.warmUp(); // already running: nothing more
      return formReader.read(form);
    });
    expect(result.kind).toBe("read");
    expect(workersStarted).toBe(1);
  });

  it("reads many forms in a row with one worker", async () => {
    const bytes = await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN"));
    const formReader = reader();
    const { result: throughWorker, workersStarted } = await countingWorkers(async () => {
      const first = await timed(() => formReader.read(bytes));
      const rest: number[] = [];
      for (let i = 0; i < 40; i++) rest.push(await timed(() => formReader.read(bytes)));
      return { first, rest };
    });
    const inThread: number[] = [];
    for (let i = 0; i < 40; i++) inThread.push(await timed(() => readRegistrationForm(bytes, { maxBytes: MAX_BYTES })));
    console.log(
      `form reader: first read (starts the worker) ${throughWorker.first.toFixed(1)} ms; ` +
        `median of 40 more ${median(throughWorker.rest).toFixed(1)} ms through the worker, ` +
        `${median(inThread).toFixed(1)} ms in-thread`,
    );
    expect(workersStarted).toBe(1);
  });
});

describe("limits", () => {
  it("cuts off a PDF that keeps pdf.js busy as a timeout, and the next read works again", async () => {
    const formReader = reader({ timeoutMs: 1_000 });
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
    const { result, workersStarted } = await countingWorkers(async () => ({
      busy: await formReader.read(await busyPdf()),
      next: await formReader.read(form),
    }));
    expect(result.busy).toEqual({ kind: "unreadable", problem: "timeout", detail: "reading took longer than 1000 ms" });
    expect(result.next.kind).toBe("read");
    expect(workersStarted).toBe(2);
  });

  it("a PDF that needs more memory than the worker's heap is corrupt, and the next read works again", async () => {
    const formReader = reader({ heapLimitMb: 32, timeoutMs: 30_000 });
    const heavy = await formReader.read(await textHeavyPdf());
    expect(heavy).toEqual({ kind: "unreadable", problem: "corrupt", detail: "Reading the PDF needed more than 32 MB of memory." });
    expect((await formReader.read(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")))).kind).toBe("read");
  });

  it("a deflate bomb (1 MB that inflates to 1 GB) is cut off at the buffer limit, long before the time limit", async () => {
    const form = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten: true });
    const bomb = await deflateBombForm(form, 1024);
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const formReader = reader({ bufferLimitMb: 128, timeoutMs: 60_000 });
    let peakRss = 0;
    const sampling = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const started = performance.now();
    const reading = await formReader.read(bomb);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampling);
    // Without the limit the same read took this process past 2 GB for ten seconds.
    console.log(`deflate bomb of ${(bomb.byteLength / 1e6).toFixed(1)} MB: cut off after ${seconds.toFixed(1)} s, peak RSS ${Math.round(peakRss / 1e6)} MB`);
    expect(reading).toEqual({ kind: "unreadable", problem: "corrupt", detail: "Reading the PDF needed more than 128 MB of memory for its decoded content." });
    expect((await formReader.read(form)).kind).toBe("read");
  });

  it("refuses a 30 MB attachment as too large without starting the worker", async () => {
    const huge = new Uint8Array(30 * 1024 * 1024);
    huge.set(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")));
    const { result, workersStarted } = await countingWorkers(() => reader().read(huge));
    expect(result).toEqual({
      kind: "unreadable",
      problem: "too-large",
      detail: `The file is ${huge.length} bytes; the limit is ${MAX_BYTES} bytes.`,
    });
    expect(workersStarted).toBe(0);
  });

  it("refuses a file that is not a PDF without starting the worker", async () => {
    const text = new TextEncoder().encode("Please find my registration form attached.\n");
    const { result, workersStarted } = await countingWorkers(() => reader().read(text));
    expect(result).toMatchObject({ kind: "unreadable", problem: "not-pdf" });
    expect(workersStarted).toBe(0);
  });
});

describe("closing", () => {
  /** How long a process may take to exit after its last read before it counts as kept alive. */
  const GRACE_MS = 2_000;

  /**
   * Runs a Node process that reads one form through a reader (and closes it or not). Resolves
   * with what it printed and whether it exited by itself within GRACE_MS of printing it.
   */
  function readInChildProcess(options: { close: boolean }): Promise<{ output: string; exitedByItself: boolean }> {
    const module = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import { createFormReader } from ${module("../../src/forms/form-reader.ts")};
      import { fillForm, sampleValues } from ${module("../../src/forms/generate-form.ts")};
      const reader = createFormReader({ maxBytes: ${MAX_BYTES}, timeoutMs: 10000 });
      const reading = await reader.read(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")));
      ${options.close ? "await reader.close();" : ""}
      console.log(reading.kind);
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

  it("close() ends the worker: a process that closes its reader exits by itself", async () => {
    expect(await readInChildProcess({ close: true })).toEqual({ output: "read", exitedByItself: true });
  });

  it("without close() the idle worker keeps the process alive", async () => {
    expect(await readInChildProcess({ close: false })).toEqual({ output: "read", exitedByItself: false });
  });

  it("a closed reader refuses further reads", async () => {
    const formReader = reader();
    await formReader.close();
    await expect(formReader.read(await invoicePdf())).rejects.toThrow("The form reader is closed.");
  });
});
