import { Option, type Command } from "commander";
import { REQUEST_STATUSES, type RequestStatus } from "../../requests/request-status.ts";
import type { CliEnvironment } from "../environment.ts";
import { registerProvision } from "./cases.ts";
import { printJson, printTable } from "../output.ts";

export function registerRequests(program: Command, env: CliEnvironment): void {
  const requests = program.command("requests").description("registration requests read from forms");
  requests
    .command("list")
    .description("list registration requests")
    .option("--json", "print JSON (one object per request)")
    .addOption(new Option("--status <status>", "only requests with this status").choices(REQUEST_STATUSES))
    .action(async (options: { json?: boolean; status?: RequestStatus }) => {
      const { listRequests } = await import("../../records/requests.ts");
      await env.withDatabase(async (db) => {
        const list = await listRequests(db, options.status ? { status: options.status } : {});
        if (options.json) return printJson(list);
        printTable(
          list.map((r) => ({
            reference: r.reference,
            status: r.status,
            form: r.formId,
            organisation: r.organisationCode,
            reasons: r.reasons.join(","),
            attention: r.attention ?? "",
            earlier: r.earlierReference ?? "",
          })),
          ["reference", "status", "form", "organisation", "reasons", "attention", "earlier"],
        );
      });
    });
  registerProvision(requests, env);
}
