// The authoriser directory for admins: the entries, one added, one ended (its last day set),
// a file imported. Every entry and file passes the directory's own checks
// (src/directory/directory-fields.ts, read-directory-file.ts), exactly as `intake authorisers`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AUTHORISER_ROLE_LABELS, AUTHORISER_ROLES } from "../../directory/authoriser-roles.ts";
import { londonDay } from "../../directory/directory-dates.ts";
import { DirectoryImportError } from "../../directory/directory-errors.ts";
import { checkDate, checkDirectoryEntry, checkEmail, checkName, checkOrganisationCode, checkRole } from "../../directory/directory-fields.ts";
import { DIRECTORY_FILE_HEADER, parseDirectoryFile } from "../../directory/read-directory-file.ts";
import { auditConsoleAction } from "../../records/console-audit.ts";
import { directoryPage } from "../../records/directory-page.ts";
import { saveDirectoryEntries } from "../../records/directory.ts";
import type { ConsoleContext } from "../console-context.ts";
import { textField, uploadedFile } from "../form-fields.ts";
import { sendPage, setNotice, takeNotice, type FormError } from "../page.ts";
import { pageWindow, paginationLinks } from "../pagination.ts";

const PAGE_SIZE = 50;
const admin = { access: "admin" as const };

const ENTRY_FIELDS = ["email", "name", "role", "organisationCode", "validFrom", "validTo"] as const;
type EntryField = (typeof ENTRY_FIELDS)[number];

/** Each field's own problem, linked to it; then a problem between fields (last day before first). */
function entryErrors(values: Record<EntryField, string>): FormError[] {
  const checks: [EntryField, { ok: boolean; problem?: string }][] = [
    ["email", checkEmail(values.email)],
    ["name", checkName(values.name)],
    ["role", checkRole(values.role)],
    ["organisationCode", checkOrganisationCode(values.organisationCode)],
    ["validFrom", checkDate(values.validFrom, "the first day")],
    ["validTo", values.validTo.trim() === "" ? { ok: true } : checkDate(values.validTo, "the last day")],
  ];
  const errors = checks.flatMap(([field, check]) => (check.ok ? [] : [{ text: sentence(check.problem ?? ""), href: `#${field}` }]));
  if (errors.length > 0) return errors;
  const whole = checkDirectoryEntry(values, { validFrom: "the first day", validTo: "the last day" });
  return whole.ok ? [] : whole.problems.map((problem) => ({ text: sentence(problem), href: "#validTo" }));
}

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function addPage(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, values: Record<EntryField, string>, errors: FormError[]): FastifyReply {
  return sendPage(context, request, reply, "admin/directory-add.njk", {
    title: "Add an authoriser",
    section: "admin",
    back: { href: "/admin/authorisers", text: "Authoriser directory" },
    values,
    roles: AUTHORISER_ROLES.map((role) => ({ value: role, text: AUTHORISER_ROLE_LABELS[role], selected: role === values.role })),
    errors,
  }, errors.length > 0 ? 400 : 200);
}

function importPage(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, errors: FormError[], problems: readonly string[] = []): FastifyReply {
  return sendPage(context, request, reply, "admin/import.njk", {
    title: "Import an authoriser directory file",
    section: "admin",
    back: { href: "/admin/authorisers", text: "Authoriser directory" },
    action: "/admin/authorisers/import",
    header: DIRECTORY_FILE_HEADER,
    formats: null,
    errors,
    problems,
  }, errors.length > 0 ? 400 : 200);
}

export function registerDirectory(app: FastifyInstance, context: ConsoleContext): void {
  const { db, clock } = context.services;

  app.get<{ Querystring: { q?: string; page?: string } }>("/admin/authorisers", { config: admin }, async (request, reply) => {
    const q = typeof request.query.q === "string" ? request.query.q.slice(0, 200) : "";
    const window = pageWindow(request.query.page, PAGE_SIZE);
    const { entries, total } = await directoryPage(db, { text: q, limit: window.limit, offset: window.offset });
    const today = londonDay(clock());
    return sendPage(context, request, reply, "admin/directory.njk", {
      title: "Authoriser directory",
      section: "admin",
      back: { href: "/admin", text: "Reference data" },
      notice: takeNotice(request),
      q,
      total,
      today,
      entries: entries.map((entry) => ({ ...entry, current: entry.validTo === null || entry.validTo >= today })),
      pagination: paginationLinks(window, total, (page) => `/admin/authorisers?${new URLSearchParams({ q, page: String(page) }).toString()}`),
    });
  });

  app.get("/admin/authorisers/add", { config: admin }, (request, reply) =>
    addPage(context, request, reply, { email: "", name: "", role: "", organisationCode: "", validFrom: londonDay(clock()), validTo: "" }, []),
  );

  app.post("/admin/authorisers/add", { config: admin }, async (request, reply) => {
    const values = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, textField(request.body, field, 300)])) as Record<EntryField, string>;
    const errors = entryErrors(values);
    const checked = checkDirectoryEntry(values);
    if (errors.length > 0 || !checked.ok) return addPage(context, request, reply, values, errors);
    const { entry } = checked;
    const changes = await saveDirectoryEntries(db, [entry], clock());
    const result = changes.added > 0 ? "added" : changes.updated > 0 ? "updated" : "unchanged";
    const detail = `${result} ${entry.email} (${entry.name}), ${entry.role} for ${entry.organisationCode}, from ${entry.validFrom}${entry.validTo ? ` to ${entry.validTo}` : ""}`;
    await auditConsoleAction(db, { actor: request.person?.email ?? "", subject: "directory", event: "directory-entry-saved", detail, at: clock() });
    setNotice(request, `Entry ${detail}.`);
    return reply.redirect(`/admin/authorisers?q=${encodeURIComponent(entry.email)}`, 303);
  });

  app.post("/admin/authorisers/end", { config: admin }, async (request, reply) => {
    const values = Object.fromEntries(ENTRY_FIELDS.map((field) => [field, textField(request.body, field, 300)])) as Record<EntryField, string>;
    const checked = checkDirectoryEntry(values, { validFrom: "the first day", validTo: "the last day" });
    if (!checked.ok || checked.entry.validTo === null) {
      setNotice(request, `The entry was not ended: ${checked.ok ? "no last day was given" : checked.problems.join("; ")}.`);
      return reply.redirect("/admin/authorisers", 303);
    }
    const { entry } = checked;
    await saveDirectoryEntries(db, [entry], clock());
    const detail = `ended ${entry.email}, ${entry.role} for ${entry.organisationCode} (from ${entry.validFrom}), last day ${entry.validTo ?? ""}`;
    await auditConsoleAction(db, { actor: request.person?.email ?? "", subject: "directory", event: "directory-entry-ended", detail, at: clock() });
    setNotice(request, `Entry ${detail}.`);
    return reply.redirect(`/admin/authorisers?q=${encodeURIComponent(entry.email)}`, 303);
  });

  app.get("/admin/authorisers/import", { config: admin }, (request, reply) => importPage(context, request, reply, []));

  app.post("/admin/authorisers/import", { config: admin }, async (request, reply) => {
    const file = await uploadedFile(request.body, "file");
    if (!file) return importPage(context, request, reply, [{ text: "Choose a CSV file to import", href: "#file" }]);
    let entries;
    try {
      entries = parseDirectoryFile(file.bytes, file.filename);
    } catch (error) {
      if (!(error instanceof DirectoryImportError)) throw error;
      const more = error.totalProblems - error.problems.length;
      return importPage(
        context, request, reply,
        [{ text: `${file.filename} was not imported, nothing was changed: ${error.totalProblems} bad line${error.totalProblems === 1 ? "" : "s"}`, href: "#file" }],
        [...error.problems.map((p) => `Line ${p.line}: ${p.problem}`), ...(more > 0 ? [`… and ${more} more`] : [])],
      );
    }
    const changes = await saveDirectoryEntries(db, entries, clock());
    const detail = `imported ${file.filename}: ${entries.length} entries read; ${changes.added} added, ${changes.updated} updated, ${changes.unchanged} unchanged`;
    await auditConsoleAction(db, { actor: request.person?.email ?? "", subject: "directory", event: "directory-imported", detail, at: clock() });
    setNotice(request, `${file.filename}: ${entries.length} entries read; ${changes.added} added, ${changes.updated} updated, ${changes.unchanged} unchanged.`);
    return reply.redirect("/admin/authorisers", 303);
  });
}
