// Organisations for admins: the list, one added (or changed), one ended (closed), a file
// imported. An organisation typed into the form is read as a one-row plain CSV file, so it
// passes exactly the checks `intake organisations import` applies (src/organisations).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ORGANISATION_FILE_FORMAT_LABELS, ORGANISATION_FILE_FORMATS, type OrganisationFileFormat } from "../../organisations/file-formats.ts";
import { OrganisationImportError } from "../../organisations/import-problems.ts";
import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, isOrganisationType } from "../../organisations/organisation-types.ts";
import { CSV_COLUMNS } from "../../organisations/organisations-csv.ts";
import { readOrganisations, type OrganisationsFile } from "../../organisations/read-organisations.ts";
import { auditConsoleAction } from "../../records/console-audit.ts";
import { importOrganisations } from "../../records/organisations.ts";
import { organisationsPage } from "../../records/organisations-page.ts";
import type { ConsoleContext } from "../console-context.ts";
import { textField, uploadedFile } from "../form-fields.ts";
import { dateTime } from "../format.ts";
import { sendPage, setNotice, takeNotice, type FormError } from "../page.ts";
import { pageWindow, paginationLinks } from "../pagination.ts";

const PAGE_SIZE = 50;
const admin = { access: "admin" as const };
const FIELDS = ["code", "name", "type", "parent_code", "status"] as const;
type Field = (typeof FIELDS)[number];

const csvValue = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** The organisation as the one row of a plain CSV file, read by the importer's own checks. */
export function readTypedOrganisation(values: Record<Field, string>): OrganisationsFile {
  const text = `${CSV_COLUMNS.join(",")}\n${CSV_COLUMNS.map((column) => csvValue(values[column].trim())).join(",")}\n`;
  return readOrganisations(text, { format: "csv", source: "the organisation" });
}

function problemsOf(error: OrganisationImportError): string[] {
  const more = error.problemCount - error.problems.length;
  return [...error.problems.map((p) => `Line ${p.line}: ${p.problem}`), ...(more > 0 ? [`… and ${more} more`] : [])];
}

function addPage(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, values: Record<Field, string>, errors: FormError[]): FastifyReply {
  return sendPage(context, request, reply, "admin/organisation-add.njk", {
    title: "Add an organisation",
    section: "admin",
    back: { href: "/admin/organisations", text: "Organisations" },
    values,
    types: ORGANISATION_TYPES.map((type) => ({ value: type, text: `${ORGANISATION_TYPE_LABELS[type]} (${type})`, selected: type === values.type })),
    errors,
  }, errors.length > 0 ? 400 : 200);
}

function importPage(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, errors: FormError[], problems: readonly string[] = []): FastifyReply {
  return sendPage(context, request, reply, "admin/import.njk", {
    title: "Import an organisations file",
    section: "admin",
    back: { href: "/admin/organisations", text: "Organisations" },
    action: "/admin/organisations/import",
    header: CSV_COLUMNS.join(","),
    formats: [{ value: "", text: "Recognise it from the first row" }, ...ORGANISATION_FILE_FORMATS.map((format) => ({ value: format, text: ORGANISATION_FILE_FORMAT_LABELS[format] }))],
    errors,
    problems,
  }, errors.length > 0 ? 400 : 200);
}

export function registerOrganisations(app: FastifyInstance, context: ConsoleContext): void {
  const { db, clock } = context.services;
  const audit = (request: FastifyRequest, event: string, detail: string) =>
    auditConsoleAction(db, { actor: request.person?.email ?? "", subject: "organisations", event, detail, at: clock() });

  app.get<{ Querystring: { q?: string; type?: string; page?: string } }>("/admin/organisations", { config: admin }, async (request, reply) => {
    const q = typeof request.query.q === "string" ? request.query.q.slice(0, 200) : "";
    const type = typeof request.query.type === "string" && isOrganisationType(request.query.type) ? request.query.type : null;
    const window = pageWindow(request.query.page, PAGE_SIZE);
    const { organisations, total } = await organisationsPage(db, { text: q, type, limit: window.limit, offset: window.offset });
    return sendPage(context, request, reply, "admin/organisations.njk", {
      title: "Organisations",
      section: "admin",
      back: { href: "/admin", text: "Reference data" },
      notice: takeNotice(request),
      q,
      total,
      types: [{ value: "", text: "Any type" }, ...ORGANISATION_TYPES.map((t) => ({ value: t, text: ORGANISATION_TYPE_LABELS[t], selected: t === type }))],
      organisations: organisations.map((o) => ({ ...o, typeName: isOrganisationType(o.type) ? ORGANISATION_TYPE_LABELS[o.type] : o.type, updated: dateTime(o.updatedAt) })),
      pagination: paginationLinks(window, total, (page) => `/admin/organisations?${new URLSearchParams({ q, type: type ?? "", page: String(page) }).toString()}`),
    });
  });

  app.get("/admin/organisations/add", { config: admin }, (request, reply) =>
    addPage(context, request, reply, { code: "", name: "", type: "", parent_code: "", status: "open" }, []),
  );

  app.post("/admin/organisations/add", { config: admin }, async (request, reply) => {
    const values = Object.fromEntries(FIELDS.map((field) => [field, textField(request.body, field, 300)])) as Record<Field, string>;
    let file: OrganisationsFile;
    try {
      file = readTypedOrganisation(values);
    } catch (error) {
      if (!(error instanceof OrganisationImportError)) throw error;
      return addPage(context, request, reply, values, error.problems.map((p) => ({ text: p.problem.charAt(0).toUpperCase() + p.problem.slice(1), href: "#code" })));
    }
    const summary = await importOrganisations(db, file, clock());
    const organisation = file.organisations[0];
    const detail = `${summary.created > 0 ? "added" : summary.updated > 0 ? "updated" : "unchanged"} ${organisation?.code ?? ""} ${organisation?.name ?? ""} (${organisation?.type ?? ""}, ${organisation?.status ?? ""})`;
    await audit(request, "organisation-saved", detail);
    setNotice(request, `Organisation ${detail}.`);
    return reply.redirect(`/admin/organisations?q=${encodeURIComponent(organisation?.code ?? "")}`, 303);
  });

  app.post("/admin/organisations/end", { config: admin }, async (request, reply) => {
    const values = Object.fromEntries(FIELDS.map((field) => [field, textField(request.body, field, 300)])) as Record<Field, string>;
    let file: OrganisationsFile;
    try {
      file = readTypedOrganisation({ ...values, status: "closed" });
    } catch (error) {
      if (!(error instanceof OrganisationImportError)) throw error;
      setNotice(request, `The organisation was not closed: ${error.problems.map((p) => p.problem).join("; ")}.`);
      return reply.redirect("/admin/organisations", 303);
    }
    await importOrganisations(db, file, clock());
    const code = file.organisations[0]?.code ?? "";
    await audit(request, "organisation-closed", `closed ${code}`);
    setNotice(request, `Organisation ${code} is closed: forms naming it are rejected from now on.`);
    return reply.redirect(`/admin/organisations?q=${encodeURIComponent(code)}`, 303);
  });

  app.get("/admin/organisations/import", { config: admin }, (request, reply) => importPage(context, request, reply, []));

  app.post("/admin/organisations/import", { config: admin }, async (request, reply) => {
    const upload = await uploadedFile(request.body, "file");
    if (!upload) return importPage(context, request, reply, [{ text: "Choose a file to import", href: "#file" }]);
    const format = textField(request.body, "format");
    const chosen = (ORGANISATION_FILE_FORMATS as readonly string[]).includes(format) ? (format as OrganisationFileFormat) : undefined;
    let file: OrganisationsFile;
    try {
      file = readOrganisations(upload.bytes, { format: chosen, source: upload.filename });
    } catch (error) {
      if (!(error instanceof OrganisationImportError)) throw error;
      const count = error.problemCount === 1 ? "1 problem" : `${error.problemCount} problems`;
      return importPage(context, request, reply, [{ text: `${upload.filename} was not imported, nothing was changed: ${count}`, href: "#file" }], problemsOf(error));
    }
    const summary = await importOrganisations(db, file, clock());
    const detail = `imported ${upload.filename} (${ORGANISATION_FILE_FORMAT_LABELS[summary.format]}): ${summary.rows} organisations; ${summary.created} new, ${summary.updated} updated, ${summary.closed} newly closed`;
    await audit(request, "organisations-imported", detail);
    setNotice(request, `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.`);
    return reply.redirect("/admin/organisations", 303);
  });
}
