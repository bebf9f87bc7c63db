// Loaded with `node --import` into a process under measurement: when it exits, writes its
// peak resident memory and CPU time (worker threads included) to the file BENCH_USAGE_FILE.
import { writeFileSync } from "node:fs";

export interface ProcessUsage {
  readonly maxRssKb: number;
  readonly userCpuMs: number;
  readonly systemCpuMs: number;
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const report: ProcessUsage = { maxRssKb: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000 };
    writeFileSync(file, JSON.stringify(report));
  });
}
