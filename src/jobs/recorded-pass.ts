// One pass over the inbox with its health record: the pass (src/intake) and the record of it
// (src/health) composed here, by the caller, so that neither knows the other.
import { recordPass } from "../health/record-pass.ts";
import type { IntakeContext } from "../intake/intake-context.ts";
import { passCountsOf, runOnce, type RunSummary } from "../intake/run-once.ts";

export function runRecordedPass(context: IntakeContext): Promise<RunSummary> {
  return recordPass(context, runOnce, passCountsOf);
}
