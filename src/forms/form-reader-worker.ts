// The thread pdf.js runs in for a FormReader (form-reader.ts): one form per request, one request
// at a time. It answers "ready" once pdf.js is loaded, then a FormReading for each request.
import { parentPort, workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { unreadableFromError } from "./open-pdf.ts";
import { readRegistrationForm } from "./read-form.ts";
import type { ReadOptions } from "./read-form.ts";
import type { FormReading } from "./registration-form.ts";

/** The bytes of one attachment, in an ArrayBuffer of their own (transferred, not copied). */
export interface ReadRequest {
  readonly bytes: Uint8Array;
}

export type WorkerReply = { readonly kind: "ready" } | { readonly kind: "reading"; readonly reading: FormReading };

async function answer(port: MessagePort, options: ReadOptions, request: ReadRequest): Promise<void> {
  let reading: FormReading;
  try {
    reading = await readRegistrationForm(request.bytes, options);
  } catch (error) {
    // readRegistrationForm classifies what it knows; anything else pdf.js throws is still the PDF's doing.
    reading = unreadableFromError(error);
  }
  const reply: WorkerReply = { kind: "reading", reading };
  port.postMessage(reply);
}

function serve(port: MessagePort, options: ReadOptions): void {
  port.on("message", (request: ReadRequest) => void answer(port, options, request));
  const ready: WorkerReply = { kind: "ready" };
  port.postMessage(ready);
}

if (!parentPort) throw new Error("form-reader-worker.ts runs only as a worker thread (see form-reader.ts)");
serve(parentPort, workerData as ReadOptions);
