// One worker thread of generate-forms.ts: fills and signs its share, posts the emails back.
import { parentPort, workerData } from "node:worker_threads";
import { formBatch } from "../../test/faults/support/form-batch.ts";
import type { FormShare } from "./generate-forms.ts";

const share = workerData as FormShare;
parentPort?.postMessage(await formBatch(share.batch, share.count, share.key, share.first));
