// Signed form emails for the benchmark, made on every core: each worker thread fills and
// signs its own share with the project's form generator (about 20 ms a form on one core).
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { BatchForm } from "../../test/faults/support/form-batch.ts";
import type { DkimKey } from "../../test/support/mail-builder.ts";

export interface FormShare {
  readonly batch: string;
  readonly first: number;
  readonly count: number;
  readonly key: DkimKey;
}

const WORKER = new URL("./form-worker.ts", import.meta.url);

function generateShare(share: FormShare): Promise<BatchForm[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: share, execArgv: [] });
    worker.once("message", (forms: BatchForm[]) => resolve(forms.map((form) => ({ ...form, raw: Buffer.from(form.raw) }))));
    worker.once("error", reject);
    worker.once("exit", (code) => code === 0 || reject(new Error(`form worker exited with ${code}`)));
  });
}

/** `count` forms of batch `batch` (numbered from 1), in order. */
export async function generateForms(batch: string, count: number, key: DkimKey, threads = os.availableParallelism()): Promise<BatchForm[]> {
  const per = Math.ceil(count / threads);
  const shares: FormShare[] = [];
  for (let first = 1; first <= count; first += per) shares.push({ batch, first, count: Math.min(per, count - first + 1), key });
  return (await Promise.all(shares.map(generateShare))).flat();
}
