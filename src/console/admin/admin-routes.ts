// Reference data, for admins only: the authoriser directory and the organisations, each to
// view, add to, end an entry of, and import a file into, with the same checks as the CLI.
import type { FastifyInstance } from "fastify";
import { recentConsoleActions } from "../../records/console-audit.ts";
import type { ConsoleContext } from "../console-context.ts";
import { dateTime } from "../format.ts";
import { sendPage } from "../page.ts";
import { registerDirectory } from "./directory-routes.ts";
import { registerOrganisations } from "./organisation-routes.ts";

export function registerAdmin(app: FastifyInstance, context: ConsoleContext): void {
  app.get("/admin", { config: { access: "admin" } }, async (request, reply) => {
    const { db } = context.services;
    const [directory, organisations] = await Promise.all([recentConsoleActions(db, "directory", 5), recentConsoleActions(db, "organisations", 5)]);
    const shown = (actions: typeof directory) => actions.map((action) => ({ when: dateTime(action.at), detail: action.detail ?? action.event }));
    return sendPage(context, request, reply, "admin/admin.njk", {
      title: "Reference data",
      section: "admin",
      directory: shown(directory),
      organisations: shown(organisations),
    });
  });
  registerDirectory(app, context);
  registerOrganisations(app, context);
}
