// The console's pure parts: pagination, ages and dates, the dashboard's days and chart, case
// action forms read into casework input, download names, roles from app roles, sessions'
// ends, the stylesheet without fonts from elsewhere, and page models made printable.
import { describe, expect, it } from "vitest";
import { withoutFontFaces } from "../../src/console/assets.ts";
import { actionValues, readAction } from "../../src/console/case/action-input.ts";
import { attachmentHeaders, downloadName } from "../../src/console/case/download.ts";
import { chartOf, countByDay, lastDays } from "../../src/console/dashboard/dashboard-view.ts";
import { age, dateTime } from "../../src/console/format.ts";
import { pageWindow, paginationLinks } from "../../src/console/pagination.ts";
import { roleFromAppRoles } from "../../src/staff/roles.ts";
import { safeNext } from "../../src/console/signed-in.ts";
import { sessionEnd } from "../../src/console/sign-in/session-standing.ts";
import { passwordProblem } from "../../src/console/sign-in/passwords.ts";
import { printableModel } from "../../src/console/views.ts";

describe("pagination", () => {
  it("reads a page number, and anything else as the first page", () => {
    expect(pageWindow("3", 25)).toEqual({ page: 3, limit: 25, offset: 50 });
    for (const junk of [undefined, "", "-1", "1e3", "abc", ["2"]]) expect(pageWindow(junk, 25).page).toBe(1);
  });

  it("links the first, last and neighbouring pages, with gaps between", () => {
    const links = paginationLinks(pageWindow("5", 10), 200, (p) => `?page=${p}`);
    expect(links?.items.map((i) => ("ellipsis" in i ? "…" : i.number))).toEqual([1, "…", 4, 5, 6, "…", 20]);
    expect(links?.previous?.href).toBe("?page=4");
    expect(paginationLinks(pageWindow("1", 10), 10, String)).toBeNull();
  });
});

describe("times", () => {
  it("gives ages in the largest whole unit", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(age(new Date("2026-12-06T11:59:30Z"), now)).toBe("just now");
    expect(age(new Date("2026-12-06T11:15:00Z"), now)).toBe("45 minutes");
    expect(age(new Date("2026-12-05T12:00:00Z"), now)).toBe("24 hours");
    expect(age(new Date("2026-11-30T12:00:00Z"), now)).toBe("6 days");
  });

  it("shows times in London time", () => {
    expect(dateTime(new Date("2026-07-01T09:05:00Z"))).toBe("1 July 2026, 10:05");
  });
});

describe("dashboard", () => {
  it("counts messages by the London day they arrived and their latest outcome", () => {
    const days = lastDays(new Date("2026-07-10T12:00:00Z"), 3);
    expect(days).toEqual(["2026-07-08", "2026-07-09", "2026-07-10"]);
    const counts = countByDay(
      [
        { receivedAt: new Date("2026-07-08T23:30:00Z"), outcome: "accepted" }, // 00:30 on the 9th in London
        { receivedAt: new Date("2026-07-10T08:00:00Z"), outcome: "flagged" },
        { receivedAt: new Date("2026-07-10T09:00:00Z"), outcome: null },
      ],
      days,
    );
    expect(counts.map((d) => d.total)).toEqual([0, 1, 1]);
    expect(counts[1]?.counts.accepted).toBe(1);
  });

  it("draws each day's bar as tall as its total, segments stacked", () => {
    const chart = chartOf(countByDay([{ receivedAt: new Date("2026-07-10T08:00:00Z"), outcome: "accepted" }, { receivedAt: new Date("2026-07-10T09:00:00Z"), outcome: "rejected" }], ["2026-07-10"]));
    const [accepted, rejected] = chart.bars[0]?.segments ?? [];
    expect(accepted?.y).toBeCloseTo((rejected?.y ?? 0) + (rejected?.height ?? 0));
    expect((accepted?.y ?? 0) + (accepted?.height ?? 0)).toBe(chart.plotBottom);
  });
});

describe("case action forms", () => {
  const today = "2026-12-06";
  const values = (fields: Record<string, string | string[]>) => actionValues(fields);

  it("reads each action into the casework's input", () => {
    expect(readAction("claim", values({}), today)).toEqual({ ok: true, input: { action: "claim" } });
    expect(readAction("snooze", values({ "until-day": "7", "until-month": "1", "until-year": "2027" }), today)).toEqual({ ok: true, input: { action: "snooze", until: "2027-01-07" } });
    expect(readAction("reject", values({ reasons: ["ORGANISATION_UNKNOWN", "SELF_AUTHORISATION"], text: " see below " }), today)).toEqual({
      ok: true,
      input: { action: "reject", reasons: ["ORGANISATION_UNKNOWN", "SELF_AUTHORISATION"], text: "see below" },
    });
    expect(readAction("add-authoriser", values({ role: "gp" }), today)).toEqual({ ok: true, input: { action: "add-authoriser", role: "gp" } });
  });

  it("refuses what the form must not send, each problem linked to its field", () => {
    expect(readAction("snooze", values({ "until-day": "6", "until-month": "12", "until-year": "2026" }), today)).toEqual({ ok: false, errors: [{ text: "The day to snooze until must be in the future", href: "#until-day" }] });
    expect(readAction("snooze", values({ "until-day": "31", "until-month": "2", "until-year": "2027" }), today)).toMatchObject({ ok: false });
    expect(readAction("reject", values({ reasons: ["SENDER_UNVERIFIED"] }), today)).toMatchObject({ ok: false, errors: [{ href: "#reject-reasons" }] });
    expect(readAction("answer", values({ text: "   " }), today)).toMatchObject({ ok: false, errors: [{ href: "#answer-text" }] });
    expect(readAction("dismiss", values({}), today)).toMatchObject({ ok: false, errors: [{ href: "#dismiss-note" }] });
    expect(readAction("add-authoriser", values({ role: "king" }), today)).toMatchObject({ ok: false });
  });
});

describe("downloads", () => {
  it("names a download safely, whatever the sender called it", () => {
    expect(downloadName('..\\../evil"name\u202egpj.exe', 0)).toBe('_.._evil_name_gpj.exe');
    expect(downloadName("\u0000", 2)).toBe("_");
    expect(downloadName("", 2)).toBe("attachment-3");
    expect(attachmentHeaders("formulaire é.pdf", 0)).toMatchObject({
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename="formulaire _.pdf"; filename*=UTF-8''formulaire%20%C3%A9.pdf`,
    });
  });
});

describe("who may sign in", () => {
  it("takes the strongest console role an identity provider grants, and none from other roles", () => {
    expect(roleFromAppRoles(["agent"])).toBe("agent");
    expect(roleFromAppRoles(["agent", "admin"])).toBe("admin");
    expect(roleFromAppRoles("admin")).toBe("admin");
    expect(roleFromAppRoles(["Admin", "reader"])).toBeNull();
    expect(roleFromAppRoles(undefined)).toBeNull();
  });

  it("goes back only to a path of the console after sign-in", () => {
    expect(safeNext("/requests?q=A81001")).toBe("/requests?q=A81001");
    for (const elsewhere of ["//evil.example", "/\\evil.example", "https://evil.example", "requests", "/\u0000x", 5]) expect(safeNext(elsewhere)).toBe("/");
  });

  it("ends a session signed out, past its lifetime, or idle", () => {
    const limits = { lifetimeMs: 8 * 3_600_000, idleMs: 30 * 60_000 };
    const startedAt = new Date("2026-12-06T08:00:00Z");
    const at = (iso: string) => new Date(iso);
    expect(sessionEnd({ startedAt, lastSeenAt: at("2026-12-06T09:00:00Z"), endedAt: null }, at("2026-12-06T09:20:00Z"), limits)).toBeNull();
    expect(sessionEnd({ startedAt, lastSeenAt: at("2026-12-06T09:00:00Z"), endedAt: null }, at("2026-12-06T09:30:00Z"), limits)).toBe("idle");
    expect(sessionEnd({ startedAt, lastSeenAt: at("2026-12-06T15:59:00Z"), endedAt: null }, at("2026-12-06T16:00:00Z"), limits)).toBe("expired");
    expect(sessionEnd({ startedAt, lastSeenAt: startedAt, endedAt: startedAt }, startedAt, limits)).toBe("signed-out");
  });

  it("asks a password long enough to be hard to guess", () => {
    expect(passwordProblem("short")).toMatch(/at least 12/);
    expect(passwordProblem(" twelve chars ok")).toMatch(/space/);
    expect(passwordProblem("correct horse battery")).toBeNull();
  });
});

describe("what pages are made of", () => {
  it("serves the design system's stylesheet without @font-face rules", () => {
    expect(withoutFontFaces("a{b:c}@font-face{font-family:F;src:url(https://x/f.woff2)}d{e:f}")).toBe("a{b:c}d{e:f}");
  });

  it("makes every string of a page's model printable, keeping line breaks", () => {
    expect(printableModel({ a: ["x\u001b[2Jy"], b: { c: "one\r\ntwo\u202e" }, d: 3, e: new Date(0) })).toEqual({ a: ["x\\x1b[2Jy"], b: { c: "one\ntwo\\u202e" }, d: 3, e: new Date(0) });
  });
});
