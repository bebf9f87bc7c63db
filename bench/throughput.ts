// Throughput of the intake on real mail servers, against the bare floor of the same mail work.
//
//   npm run bench -- [--n 1000] [--backlog 10000] [--profile]
//
// Fills a Dovecot inbox (IMAPS, loopback) with N generated, signed forms from different
// applicants; runs the floor (bench/support/floor.ts) and then `intake run --once` over them,
// replies going to an SMTP server in this process. --backlog M measures the intake's peak
// memory on an inbox of M forms; --profile runs the N forms once more under `node
// --cpu-prof` and says where the CPU time went. JSON on stdout, a summary for people on stderr.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startIntake } from "../test/faults/support/intake-process.ts";
import { startMailRig, type MailRig } from "../test/support/mail-rig.ts";
import { readProfiles, type ThreadProfile } from "./support/cpu-profile.ts";
import { fillInbox } from "./support/fill-inbox.ts";
import type { FloorResult, FloorSettings } from "./support/floor.ts";
import { generateForms } from "./support/generate-forms.ts";
import type { ProcessUsage } from "./support/report-usage.ts";

const REPORT_USAGE = pathToFileURL(path.join(import.meta.dirname, "support/report-usage.ts")).href;
const FLOOR = path.join(import.meta.dirname, "support/floor.ts");

interface Measured {
  readonly seconds: number;
  readonly usage: ProcessUsage;
  /** VmRSS every half second, in MB. */
  readonly rssMb: number[];
  /** When the peak (VmHWM) was first within 1% of its final value, as a fraction of the run. */
  readonly peakAt: number | null;
  readonly stdout: string;
}

interface Setup {
  readonly forms: number;
  readonly generateSeconds: number;
  readonly fillSeconds: number;
}

const mb = (kb: number): number => Math.round(kb / 102.4) / 10;
const round = (value: number, places = 2): number => Number(value.toFixed(places));

/** VmRSS at a quarter, half, three quarters and the end of a run, in MB. */
function rssAtQuarters(samples: readonly number[]): (number | null)[] {
  return [1, 2, 3, 4].map((q) => samples[Math.min(samples.length - 1, Math.ceil((q * samples.length) / 4) - 1)] ?? null);
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  let dovecot = "unknown";
  try {
    dovecot = execFileSync("/usr/sbin/dovecot", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // reported as unknown
  }
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    kernel: os.release(),
    node: process.version,
    dovecot,
    /** The 1, 5 and 15 minute load averages at the start: other work on the machine skews every figure. */
    loadAverage: os.loadavg().map((load) => round(load)),
  };
}

/** VmRSS and VmHWM (the peak so far) of a running process, in MB. */
function residentMb(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    const peak = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return rss && peak ? { rss: mb(Number(rss)), peak: mb(Number(peak)) } : null;
  } catch {
    return null; // already gone
  }
}

/** Runs a Node process with the usage reporter loaded, sampling its RSS as it goes. */
async function measure(
  label: string,
  home: string,
  start: (env: Record<string, string>, nodeOptions: string[]) => { pid: number; exited: Promise<{ code: number | null; stdout: string; stderr: string }> },
  nodeOptions: string[] = [],
): Promise<Measured> {
  const usageFile = path.join(home, `usage-${label}.json`);
  const started = performance.now();
  const child = start({ BENCH_USAGE_FILE: usageFile }, ["--import", REPORT_USAGE, ...nodeOptions]);
  const rssMb: number[] = [];
  const peaks: { at: number; peak: number }[] = [];
  const sampler = setInterval(() => {
    const sample = residentMb(child.pid);
    if (sample === null) return;
    rssMb.push(sample.rss);
    peaks.push({ at: performance.now() - started, peak: sample.peak });
  }, 500);
  const exit = await child.exited;
  clearInterval(sampler);
  const elapsed = performance.now() - started;
  if (exit.code !== 0) throw new Error(`${label} exited with ${exit.code}:\n${exit.stderr.slice(-3000)}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as ProcessUsage;
  const reached = peaks.find((sample) => sample.peak >= mb(usage.maxRssKb) * 0.99);
  return { seconds: elapsed / 1000, usage, rssMb, peakAt: reached ? round(reached.at / elapsed) : null, stdout: exit.stdout };
}

function runIntake(rig: MailRig, label: string, nodeOptions: string[] = []): Promise<Measured> {
  return measure(label, rig.ws.home, (env, options) => startIntake(["run", "--once"], { ...rig.env, ...env }, options), nodeOptions);
}

function runFloor(rig: MailRig): Promise<Measured> {
  const settings: FloorSettings = {
    imap: { host: rig.dovecot.host, port: rig.dovecot.imapsPort, user: rig.dovecot.user, password: rig.dovecot.password },
    smtp: { host: rig.smtp.host, port: rig.smtp.port, user: rig.smtp.user, password: rig.smtp.password },
    caFile: rig.env.INTAKE_TLS_CA_FILE ?? "",
  };
  return measure("floor", rig.ws.home, (env, options) => {
    const child = spawn(process.execPath, [...options, FLOOR, JSON.stringify(settings)], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    return { pid: child.pid ?? 0, exited };
  });
}

/** A fresh rig (Dovecot, SMTP server, empty database) with `count` forms waiting in its inbox. */
async function rigWithForms(batch: string, count: number): Promise<{ rig: MailRig; setup: Setup }> {
  // No Sent copies: intake reads them only after an attempt was cut short, and filing them
  // would put Dovecot's work on the same two cores into both figures.
  const rig = await startMailRig(`bench${batch}`, { keepSentCopies: false });
  const started = performance.now();
  const forms = await generateForms(batch, count, rig.key);
  const generated = performance.now();
  await fillInbox(rig.dovecot, forms.map((form) => form.raw));
  const setup = { forms: count, generateSeconds: round((generated - started) / 1000, 1), fillSeconds: round((performance.now() - generated) / 1000, 1) };
  log(`  ${count} forms generated in ${setup.generateSeconds} s, appended in ${setup.fillSeconds} s (${Math.round(count / setup.fillSeconds)}/s)`);
  return { rig, setup };
}

function checkIntake(summary: Record<string, unknown>, count: number): void {
  const outcomes = summary.outcomes as Record<string, number> | undefined;
  if (summary.messages !== count || outcomes?.accepted !== count || summary.repliesSent !== 2 * count) {
    throw new Error(`the intake did not accept every form and send two replies each: ${JSON.stringify(summary)}`);
  }
}

function perMessage(profile: ThreadProfile, count: number) {
  const owners = Object.entries(profile.byOwner)
    .sort(([, a], [, b]) => b - a)
    .map(([owner, ms]) => ({ owner, msPerMessage: round(ms / count, 2), share: round(ms / profile.totalMs, 3) }));
  return { thread: profile.thread, msPerMessage: round(profile.totalMs / count, 2), owners };
}

async function throughput(count: number) {
  log(`throughput: ${count} forms`);
  const { rig, setup } = await rigWithForms("bench", count);
  try {
    log("  floor: FETCH + form reader + SMTP, no logic, no database");
    const floorRun = await runFloor(rig);
    const floor = JSON.parse(floorRun.stdout) as FloorResult;
    if (floor.messages !== count || floor.formsRead !== count || floor.repliesSent !== 2 * count) {
      throw new Error(`the floor did not read every form and send two replies each: ${floorRun.stdout}`);
    }
    const acceptedBefore = rig.smtp.received.length;
    log("  intake run --once");
    const intakeRun = await runIntake(rig, "intake");
    const summary = JSON.parse(intakeRun.stdout) as Record<string, unknown>;
    checkIntake(summary, count);
    if (rig.smtp.received.length - acceptedBefore !== 2 * count) throw new Error("the SMTP server did not get two replies a form");
    const startupRun = await runIntake(rig, "empty");
    const replyBytes = rig.smtp.received.slice(acceptedBefore).reduce((sum, mail) => sum + mail.raw.length, 0) / (2 * count);
    const floorReplyBytes = rig.smtp.received.slice(0, acceptedBefore).reduce((sum, mail) => sum + mail.raw.length, 0) / (2 * count);
    const intake = {
      seconds: round(intakeRun.seconds),
      formsPerSecond: round(count / intakeRun.seconds, 1),
      emptyRunSeconds: round(startupRun.seconds),
      passFormsPerSecond: round(count / (intakeRun.seconds - startupRun.seconds), 1),
      cpuSeconds: round((intakeRun.usage.userCpuMs + intakeRun.usage.systemCpuMs) / 1000),
      maxRssMb: mb(intakeRun.usage.maxRssKb),
      rssMbAtQuarters: rssAtQuarters(intakeRun.rssMb),
      peakAt: intakeRun.peakAt,
      emptyRunMaxRssMb: mb(startupRun.usage.maxRssKb),
      averageReplyBytes: Math.round(replyBytes),
      summary,
    };
    const floorFigures = {
      seconds: round(floorRun.seconds),
      formsPerSecond: round(count / floorRun.seconds, 1),
      fetchSeconds: round(floor.fetchSeconds),
      cpuSeconds: round((floorRun.usage.userCpuMs + floorRun.usage.systemCpuMs) / 1000),
      maxRssMb: mb(floorRun.usage.maxRssKb),
      averageReplyBytes: Math.round(floorReplyBytes),
    };
    return { setup, intake, floor: floorFigures, ratio: round(intake.formsPerSecond / floorFigures.formsPerSecond, 3) };
  } finally {
    await rig.stop();
  }
}

async function profile(count: number) {
  log(`profile: ${count} forms under --cpu-prof`);
  const { rig } = await rigWithForms("profile", count);
  const dir = mkdtempSync(path.join(os.tmpdir(), "intake-profile-"));
  try {
    const run = await runIntake(rig, "profile", ["--cpu-prof", "--cpu-prof-dir", dir]);
    checkIntake(JSON.parse(run.stdout) as Record<string, unknown>, count);
    return { forms: count, seconds: round(run.seconds), threads: readProfiles(dir).map((thread) => perMessage(thread, count)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await rig.stop();
  }
}

async function backlog(count: number) {
  log(`backlog: ${count} forms waiting at once`);
  const { rig, setup } = await rigWithForms("backlog", count);
  try {
    const run = await runIntake(rig, "backlog");
    checkIntake(JSON.parse(run.stdout) as Record<string, unknown>, count);
    return {
      setup,
      seconds: round(run.seconds, 1),
      formsPerSecond: round(count / run.seconds, 1),
      maxRssMb: mb(run.usage.maxRssKb),
      rssMbAtQuarters: rssAtQuarters(run.rssMb),
      peakAt: run.peakAt,
    };
  } finally {
    await rig.stop();
  }
}

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    backlog: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const count = Number(values.n);
const backlogCount = values.backlog === undefined ? null : Number(values.backlog);
if (!Number.isInteger(count) || count < 1 || (backlogCount !== null && (!Number.isInteger(backlogCount) || backlogCount < 1))) {
  log("usage: npm run bench -- [--n 1000] [--backlog 10000] [--profile]");
  process.exit(2);
}

const result = {
  machine: machine(),
  n: count,
  ...(await throughput(count)),
  profile: values.profile ? await profile(count) : null,
  backlog: backlogCount === null ? null : await backlog(backlogCount),
  loadAverageAtEnd: os.loadavg().map((load) => round(load)),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

log("");
log(`${result.machine.cpuModel}, ${result.machine.cpus} cores, ${result.machine.memoryGb} GB, Node ${result.machine.node}; ` +
  `load average ${result.machine.loadAverage.join(" ")} at the start, ${result.loadAverageAtEnd.join(" ")} at the end`);
log(`intake run --once: ${count} forms in ${result.intake.seconds} s = ${result.intake.formsPerSecond} forms/s ` +
  `(${result.intake.passFormsPerSecond}/s without the ${result.intake.emptyRunSeconds} s of an empty run), peak RSS ${result.intake.maxRssMb} MB`);
log(`floor (FETCH + PDF + SMTP): ${result.floor.seconds} s = ${result.floor.formsPerSecond} forms/s, peak RSS ${result.floor.maxRssMb} MB`);
log(`intake / floor: ${result.ratio}`);
if (result.profile) {
  for (const thread of result.profile.threads) {
    const top = thread.owners.slice(0, 8).map((o) => `${o.owner} ${o.msPerMessage}`).join(", ");
    log(`profile, ${thread.thread} thread: ${thread.msPerMessage} ms a form: ${top}`);
  }
}
if (result.backlog) {
  log(`backlog of ${backlogCount}: ${result.backlog.seconds} s = ${result.backlog.formsPerSecond} forms/s, peak RSS ${result.backlog.maxRssMb} MB`);
}
