// Runs intake passes on a node-cron schedule until stopped. Passes never overlap: a tick
// that comes while a pass is still running is skipped.
import cron from "node-cron";
import type { IntakeContext } from "../intake/intake-context.ts";
import { runOnce } from "../intake/run-once.ts";

export interface RunningSchedule {
  /** Stops scheduling and waits for the pass under way, if any. */
  stop(): Promise<void>;
}

export function startIntakeSchedule(context: IntakeContext): RunningSchedule {
  let current: Promise<unknown> | null = null;
  const pass = (): void => {
    if (current) {
      context.log.debug("intake pass still running; tick skipped");
      return;
    }
    current = runOnce(context)
      .catch((error: unknown) => context.log.error("intake pass failed", { error: (error as Error).message }))
      .finally(() => {
        current = null;
      });
  };
  const task = cron.schedule(context.config.schedule, pass, { name: "intake" });
  pass(); // do not wait a whole period for the first pass
  return {
    async stop(): Promise<void> {
      await task.stop();
      if (current) await current;
    },
  };
}
