import { Option, type Command } from "commander";
import { authoriserRole, CaseworkInputError, rejectionCodes, type CaseActionInput } from "../../casework/action-input.ts";
import type { ActionResult } from "../../casework/case-actions.ts";
import type { CaseView } from "../../casework/case-view.ts";
import type { Services } from "../../intake/intake-context.ts";
import { DAY_MS } from "../../records/days.ts";
import { CASE_STATES, caseNumberOf, type CaseState } from "../../requests/case-state.ts";
import { REASON_CODES, type ReasonCode } from "../../rules/reasons.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable, printText } from "../output.ts";

const ACTIONS_HELP = `
Every action names the agent with --as (their own NHSmail address), is written to the
audit trail with the note, and sends its email only after the change is recorded. Two
agents acting on the same case at once: one wins, the other is told who resolved it
(exit code 1). A case in the wrong state, a missing note or bad input: exit code 2,
nothing changed.`;

function caseId(value: string): number {
  const id = caseNumberOf(value);
  if (id === null) throw new CaseworkInputError(`"${value}" is not a case number`);
  return id;
}

// The casework and the services it runs on (mailbox, outbox, examiner) are loaded by the
// command that needs them, not each time `intake` starts (src/cli/README.md).
async function withServices<T>(env: CliEnvironment, work: (services: Services) => Promise<T>): Promise<T> {
  const { config, log } = env.load();
  const { openServices, closeServices } = await import("../../intake/intake-context.ts");
  const services = await openServices(config, log);
  try {
    return await work(services);
  } finally {
    await closeServices(services);
  }
}

function printResult(result: ActionResult, json: boolean | undefined): void {
  if (json) return printJson(result);
  const state = result.resolution ? `resolved (${result.resolution})` : result.state;
  const lines = [`Case ${result.caseId}: ${state}.`];
  for (const email of result.emails) lines.push(`Email sent: ${email.kind} to ${email.recipient}`);
  if (result.emails.length === 0) lines.push("No email sent.");
  if (result.notice) lines.push(result.notice);
  printText(`${lines.join("\n")}\n`);
}

async function printCase(view: CaseView): Promise<void> {
  const { explainInWords } = await import("../../sender/explain-sender.ts");
  const { summary } = view;
  const out: string[] = [
    `Case ${summary.id}: ${summary.state}${view.resolution ? ` (${view.resolution} by ${view.resolvedBy ?? "?"} at ${view.resolvedAt?.toISOString() ?? "?"})` : ""}`,
    `Opened:    ${summary.openedAt.toISOString()}${summary.claimedBy ? `, claimed by ${summary.claimedBy}` : ""}${summary.snoozedUntil ? `, snoozed until ${summary.snoozedUntil}` : ""}`,
    `From:      ${summary.fromAddress ?? "(none read)"}`,
    `Subject:   ${summary.subject ?? ""}`,
  ];
  if (view.request) out.push(`Request:   ${view.request.reference} (${view.request.status}), applicant ${view.request.applicant}, organisations ${view.request.organisations}`);
  out.push("", "Why it needs a person:");
  for (const reason of view.reasons) out.push(`  ${reason.code}: ${reason.sentence}${reason.detail ? `\n    ${reason.detail}` : ""}`);
  out.push("", "The form as read:");
  if ("fields" in view.form) for (const field of view.form.fields) out.push(`  ${field.label}: ${field.value}`);
  else out.push(`  ${view.form.missing}`);
  out.push("", "The sender:");
  out.push(view.sender ? explainInWords(view.sender).replace(/^/gmu, "  ").trimEnd() : "  (the email was not kept)");
  if (view.email) {
    out.push("", "The email's header:");
    for (const field of view.email.header) out.push(`  ${field.name}: ${field.value}`);
    out.push("", "The email's text:", ...view.email.text.split("\n").map((line) => `  ${line}`));
    if (view.email.attachments.length > 0) {
      out.push("", "Attachments:");
      for (const a of view.email.attachments) out.push(`  ${a.index + 1}. ${a.filename} (${a.contentType}, ${a.sizeBytes} bytes)`);
    }
  }
  out.push("", "History:");
  for (const h of view.history) out.push(`  ${h.at.toISOString()}  ${h.actor}  ${h.event}${h.note ? `\n    note: ${h.note}` : ""}`);
  printText(`${out.join("\n")}\n`);
}

interface ActionOptions {
  readonly as: string;
  readonly note?: string;
  readonly text?: string;
  readonly reason?: string[];
  readonly until?: string;
  readonly role?: string;
  readonly json?: boolean;
}

function registerAction(cases: Command, env: CliEnvironment, name: CaseActionInput["action"], description: string, input: (options: ActionOptions) => CaseActionInput, extra: (command: Command) => Command = (c) => c): void {
  const command = cases
    .command(name)
    .description(description)
    .argument("<case>", "the case number, as `cases list` shows it")
    .requiredOption("--as <email>", "your own NHSmail address: who did it, in the audit trail")
    .option("--json", "print JSON")
    .addHelpText("after", ACTIONS_HELP);
  extra(command).action(async (id: string, options: ActionOptions) => {
    const number = caseId(id);
    const request = input(options);
    const { performCaseAction } = await import("../../casework/case-actions.ts");
    const result = await withServices(env, (services) => performCaseAction(services, number, { email: options.as }, request));
    printResult(result, options.json);
  });
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerCases(program: Command, env: CliEnvironment): void {
  const cases = program.command("cases").description("the support team's casework: every message referred to people, and what was done about it");

  cases
    .command("list")
    .description("list the cases still to resolve, oldest first (--all or --state resolved for the others)")
    .addOption(new Option("--state <state>", "only cases in this state").choices(CASE_STATES))
    .option("--all", "resolved cases too")
    .addOption(new Option("--reason <code>", "only cases referred for this reason code").choices(REASON_CODES))
    .option("--agent <email>", "only cases claimed or resolved by this agent")
    .option("--older-than <days>", "only cases opened at least this many days ago")
    .option("--limit <n>", "at most this many", "100")
    .option("--json", "print JSON")
    .action(async (options: { state?: CaseState; all?: boolean; reason?: ReasonCode; agent?: string; olderThan?: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new CaseworkInputError(`--limit must be a number from 1 to 10000, not "${options.limit}"`);
      const days = options.olderThan === undefined ? null : Number(options.olderThan);
      if (days !== null && (!Number.isSafeInteger(days) || days < 0)) throw new CaseworkInputError(`--older-than must be a whole number of days, not "${options.olderThan}"`);
      const { listCases } = await import("../../casework/case-view.ts");
      await env.withDatabase(async (db) => {
        const now = env.clock();
        const { cases: list, total } = await listCases(
          db,
          {
            limit,
            offset: 0,
            ...(options.state ? { state: options.state } : { unresolved: !options.all }),
            ...(options.reason ? { reason: options.reason } : {}),
            ...(options.agent ? { agent: options.agent.trim().toLowerCase() } : {}),
            ...(days !== null ? { openedBefore: new Date(now.getTime() - days * DAY_MS) } : {}),
          },
          now,
        );
        if (options.json) return printJson({ cases: list, total });
        printTable(
          list.map((c) => ({
            case: String(c.id),
            state: c.state,
            opened: c.openedAt.toISOString().slice(0, 16).replace("T", " "),
            "age (days)": String(Math.floor((now.getTime() - c.openedAt.getTime()) / DAY_MS)),
            reasons: c.reasons.join(","),
            from: c.fromAddress ?? "",
            reference: c.requestReference ?? "",
            agent: c.claimedBy ?? "",
          })),
          ["case", "state", "opened", "age (days)", "reasons", "from", "reference", "agent"],
        );
        if (total > list.length) printText(`${list.length} of ${total} cases shown; use --limit for more.\n`);
      });
    });

  cases
    .command("show")
    .description("everything about one case: the reasons, the form as read, the sender evidence, the email as text, the history")
    .argument("<case>", "the case number")
    .option("--json", "print JSON")
    .action(async (id: string, options: { json?: boolean }) => {
      const number = caseId(id);
      const { caseView } = await import("../../casework/case-view.ts");
      const view = await withServices(env, (services) => caseView(services, number));
      if (!view) throw new CaseworkInputError(`there is no case ${number}`);
      if (options.json) return printJson(view);
      await printCase(view);
    });

  registerAction(cases, env, "claim", "take a case: it is yours until resolved", () => ({ action: "claim" }));
  registerAction(
    cases,
    env,
    "snooze",
    "put a case aside until a day; it opens again on that day",
    (o) => ({ action: "snooze", until: o.until ?? "" }),
    (c) => c.requiredOption("--until <yyyy-mm-dd>", "the day it opens again"),
  );
  registerAction(
    cases,
    env,
    "accept",
    "accept the referred request: it becomes authorised and the same emails go out as for an automatic acceptance",
    (o) => ({ action: "accept", ...(o.note !== undefined ? { note: o.note } : {}) }),
    (c) => c.option("--note <text>", "how you confirmed it (required when the sender was not proven: e.g. a telephone call)"),
  );
  registerAction(
    cases,
    env,
    "reject",
    "reject the form with reason codes and/or words; only a verified sender is written to",
    (o) => ({ action: "reject", reasons: rejectionCodes(o.reason ?? []), ...(o.text !== undefined ? { text: o.text } : {}) }),
    (c) => c.option("--reason <code>", "a reason code the rules reject for (repeat for several)", collect).option("--text <words>", "the reason in your words (plain text)"),
  );
  registerAction(
    cases,
    env,
    "ask-correction",
    "ask the verified sender for a corrected form; the case waits for it",
    (o) => ({ action: "ask-correction", text: o.text ?? "" }),
    (c) => c.requiredOption("--text <words>", "what to correct (plain text)"),
  );
  registerAction(
    cases,
    env,
    "answer",
    "answer a message (a question sent without a form): a threaded reply to the verified sender",
    (o) => ({ action: "answer", text: o.text ?? "" }),
    (c) => c.requiredOption("--text <words>", "the answer (plain text)"),
  );
  registerAction(
    cases,
    env,
    "add-authoriser",
    "add the form's authoriser to the directory (they sent it from their own verified address) and judge the form again",
    (o) => {
      const role = authoriserRole(o.role);
      return { action: "add-authoriser", ...(role ? { role } : {}) };
    },
    (c) => c.option("--role <role>", "the authoriser's role, when the form's wording does not name one"),
  );
  registerAction(
    cases,
    env,
    "dismiss",
    "close a case with nothing to do (spam, a duplicate), with a note",
    (o) => ({ action: "dismiss", note: o.note ?? "" }),
    (c) => c.requiredOption("--note <text>", "why"),
  );
}

export function registerProvision(requests: Command, env: CliEnvironment): void {
  requests
    .command("provision")
    .description("mark an authorised request provisioned: the ePACT2 account exists; the applicant is told it is ready")
    .argument("<reference>", "the request's reference")
    .requiredOption("--as <email>", "your own NHSmail address")
    .option("--json", "print JSON")
    .action(async (reference: string, options: { as: string; json?: boolean }) => {
      const { provisionRequest } = await import("../../casework/provision-request.ts");
      const result = await withServices(env, (services) => provisionRequest(services, reference, { email: options.as }));
      if (options.json) return printJson(result);
      const lines = [`Request ${result.reference}: provisioned.`, ...result.emails.map((e) => `Email sent: ${e.kind} to ${e.recipient}`)];
      if (result.emails.length === 0) lines.push("No email sent (the account-ready notification is off).");
      printText(`${lines.join("\n")}\n`);
    });
}
