// Loaded with `node --import` into a process under measurement: when it exits, writes its
// peak resident memory and CPU time (worker threads included) to the file BENCH_USAGE_FILE.
// The peak is VmHWM of this process image: getrusage's maxRSS would also count the parent
// that forked it (Linux carries the high-water mark across exec), often the larger of the two.
import { readFileSync, writeFileSync } from "node:fs";

export interface ProcessUsage {
  readonly maxRssKb: number;
  readonly userCpuMs: number;
  readonly systemCpuMs: number;
}

function peakResidentKb(): number {
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  if (!hwm) throw new Error("no VmHWM in /proc/self/status");
  return Number(hwm);
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const report: ProcessUsage = { maxRssKb: peakResidentKb(), userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000 };
    writeFileSync(file, JSON.stringify(report));
  });
}
