// Waits for SIGINT or SIGTERM. A second signal within a second is the same request (Ctrl-C
// under npm reaches the process twice); a later one ends the process at once.
import type { Logger } from "../log/logger.ts";

const SAME_SIGNAL_MS = 1_000;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

export function untilStopped(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: number | null = null;
    const stop = (signal: NodeJS.Signals): void => {
      if (first !== null) {
        if (Date.now() - first < SAME_SIGNAL_MS) return;
        log.warn("stopped at once, on a second signal", { signal });
        process.exit(SIGNAL_EXIT[signal] ?? 1);
      }
      first = Date.now();
      log.info("stopping", { signal });
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
