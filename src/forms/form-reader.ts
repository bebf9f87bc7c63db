// Reads forms in a worker thread under a time limit, so that one hostile attachment (a PDF
// crafted to keep pdf.js busy for minutes) costs one timeout, not the queue: a timer cannot
// interrupt pdf.js in this thread, but it can end a worker. One worker serves every form,
// since starting one and loading pdf.js costs far more than reading a form.
import { Worker } from "node:worker_threads";
import type { ReadRequest, WorkerReply } from "./form-reader-worker.ts";
import { describeError, unreadable } from "./open-pdf.ts";
import { byteProblem } from "./read-form.ts";
import type { FormReading } from "./registration-form.ts";

export interface FormReaderOptions {
  /** Larger attachments are refused without reaching the worker. */
  readonly maxBytes: number;
  /** A read that takes longer is cut off (the worker is ended) and is unreadable: timeout. */
  readonly timeoutMs: number;
  /** The worker's heap; a PDF that needs more crashes the worker, not the intake. Default 512 MB. */
  readonly heapLimitMb?: number;
  /**
   * The buffers outside the heap that pdf.js decodes streams into (a deflate bomb of 1 MB
   * inflates to gigabytes); a read that holds more is cut off (the worker is ended). Default 512 MB.
   */
  readonly bufferLimitMb?: number;
}

export interface FormReader {
  /** Never rejects for anything the bytes contain. The caller's bytes are copied, never detached. */
  read(bytes: Uint8Array): Promise<FormReading>;
  /**
   * Starts the worker now, if it is not running, so the first read does not wait for it.
   * Throws what the first read would (FormReaderError) when it cannot start.
   */
  warmUp(): Promise<void>;
  /** Lets the queued reads finish, then ends the worker. */
  close(): Promise<void>;
}

/** The reader cannot work at all: its worker did not start, or it was used after close(). */
export class FormReaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormReaderError";
  }
}

/** Loaded by Node itself (which strips the types), not by whatever loaded this module. */
const WORKER_SCRIPT = new URL("./form-reader-worker.ts", import.meta.url);
/** Enough for any real form many times over. */
const HEAP_LIMIT_MB = 512;
const BUFFER_LIMIT_MB = 512;
const MB = 1024 * 1024;
/** How often a read's decoded buffers are measured; pdf.js inflates a few hundred MB a second at most. */
const MEMORY_CHECK_MS = 50;
/** Loading pdf.js takes a fraction of a second; a worker silent for this long is not coming. */
const STARTUP_TIMEOUT_MS = 30_000;

type WorkerEvent =
  | { readonly kind: "reply"; readonly reply: WorkerReply }
  | { readonly kind: "error"; readonly error: Error }
  | { readonly kind: "exit"; readonly code: number }
  | { readonly kind: "timeout" }
  | { readonly kind: "buffers"; readonly bytes: number };

/** A worker and whoever waits for its next event (events while nobody waits are of no use). */
interface Thread {
  readonly worker: Worker;
  waiting: ((event: WorkerEvent) => void) | null;
  exited: boolean;
}

function startThread(maxBytes: number, heapLimitMb: number): Thread {
  const worker = new Worker(WORKER_SCRIPT, {
    // Node's defaults, not the flags that started this process: some (--input-type, a test
    // runner's loader) stop a worker from starting, and the worker needs none of them.
    execArgv: [],
    workerData: { maxBytes },
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
  });
  const thread: Thread = { worker, waiting: null, exited: false };
  const deliver = (event: WorkerEvent): void => thread.waiting?.(event);
  worker.on("message", (reply: WorkerReply) => deliver({ kind: "reply", reply }));
  // Always listened to: an 'error' event nobody listens to would crash the intake.
  worker.on("error", (error: Error) => deliver({ kind: "error", error }));
  worker.on("exit", (code: number) => {
    thread.exited = true;
    deliver({ kind: "exit", code });
  });
  return thread;
}

/**
 * The worker's next event, or a timeout; with `bufferLimitBytes`, also the moment its
 * buffers outside the heap grow past that (measured by interrupting the worker, which answers
 * even while pdf.js runs).
 */
function nextEvent(thread: Thread, timeoutMs: number, bufferLimitBytes?: number): Promise<WorkerEvent> {
  return new Promise((resolve) => {
    const settle = (event: WorkerEvent): void => {
      clearTimeout(timer);
      clearInterval(watch);
      thread.waiting = null;
      resolve(event);
    };
    const timer = setTimeout(() => settle({ kind: "timeout" }), timeoutMs);
    const watch =
      bufferLimitBytes === undefined
        ? undefined
        : setInterval(() => {
            thread.worker.getHeapStatistics().then(
              (statistics) => {
                if (statistics.external_memory > bufferLimitBytes) thread.waiting?.({ kind: "buffers", bytes: statistics.external_memory });
              },
              () => undefined, // the worker has ended: its exit event says so
            );
          }, MEMORY_CHECK_MS);
    thread.waiting = settle;
  });
}

function describe(event: WorkerEvent): string {
  switch (event.kind) {
    case "reply":
      return `it answered "${event.reply.kind}" out of turn`;
    case "error":
      return describeError(event.error);
    case "exit":
      return `it stopped with exit code ${event.code}`;
    case "timeout":
      return "it did not answer in time";
    case "buffers":
      return `it held ${Math.round(event.bytes / MB)} MB of decoded content`;
  }
}

/** A reading from what ended the worker instead of a reply. */
function readingFromFailure(event: WorkerEvent, limits: { timeoutMs: number; heapLimitMb: number; bufferLimitMb: number }): FormReading {
  const { timeoutMs, heapLimitMb, bufferLimitMb } = limits;
  if (event.kind === "timeout") return unreadable("timeout", `reading took longer than ${timeoutMs} ms`);
  if (event.kind === "buffers") return unreadable("corrupt", `Reading the PDF needed more than ${bufferLimitMb} MB of memory for its decoded content.`);
  if (event.kind === "error" && "code" in event.error && event.error.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return unreadable("corrupt", `Reading the PDF needed more than ${heapLimitMb} MB of memory.`);
  }
  return unreadable("corrupt", `The PDF reader failed on this PDF (${describe(event)}).`);
}

export function createFormReader(options: FormReaderOptions): FormReader {
  const { maxBytes, timeoutMs, heapLimitMb = HEAP_LIMIT_MB, bufferLimitMb = BUFFER_LIMIT_MB } = options;
  let thread: Thread | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function readyThread(): Promise<Thread> {
    if (thread && !thread.exited) return thread;
    const fresh = startThread(maxBytes, heapLimitMb);
    const first = await nextEvent(fresh, STARTUP_TIMEOUT_MS);
    if (first.kind === "reply" && first.reply.kind === "ready") return (thread = fresh);
    await fresh.worker.terminate();
    throw new FormReaderError(`The form reader's worker (${WORKER_SCRIPT.href}) did not start: ${describe(first)}.`);
  }

  async function readInWorker(own: Uint8Array<ArrayBuffer>): Promise<FormReading> {
    const current = await readyThread();
    const event = nextEvent(current, timeoutMs, bufferLimitMb * MB);
    const request: ReadRequest = { bytes: own };
    current.worker.postMessage(request, [own.buffer]);
    const ended = await event;
    if (ended.kind === "reply" && ended.reply.kind === "reading") return ended.reply.reading;
    // Whatever else happened, this worker is not trusted again; the next read starts another.
    thread = null;
    await current.worker.terminate();
    return readingFromFailure(ended, { timeoutMs, heapLimitMb, bufferLimitMb });
  }

  return {
    async read(bytes) {
      if (closed) throw new FormReaderError("The form reader is closed.");
      const problem = byteProblem(bytes, { maxBytes });
      if (problem) return problem;
      // A copy in an ArrayBuffer of its own: transferring it detaches only the copy.
      const own = new Uint8Array(bytes);
      const reading = queue.then(() => readInWorker(own));
      queue = reading.catch(() => undefined);
      return reading;
    },

    warmUp() {
      if (closed) return Promise.reject(new FormReaderError("The form reader is closed."));
      const started = queue.then(async () => void (await readyThread()));
      queue = started.catch(() => undefined);
      return started;
    },

    async close() {
      closed = true;
      await queue;
      const last = thread;
      thread = null;
      await last?.worker.terminate();
    },
  };
}
