// Each evidence path through the real pipeline (Maildir, intake, SQLite, .eml outbox) with
// registration forms as Exchange Online delivers them (test/support/exchange-mail.ts), switched
// on alone by its setting: a genuine form is accepted and the path that proved its sender is
// recorded with the decision; the same form forged by an outsider who adds the same headers
// is referred as SENDER_UNVERIFIED. `intake senders explain` tells the two apart in words and
// in JSON, through the real command line.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolverFor, type DnsResolver } from "../../src/sender/dns-overrides.ts";
import type { SenderExplanation } from "../../src/sender/explain-sender.ts";
import {
  arriveElsewhere,
  arriveInTenant,
  deliverInsideTenant,
  exchangeKeys,
  FROM_NHSMAIL_GATEWAY,
  internalStamp,
  leaveTenant,
  NHSMAIL,
  NHSMAIL_TENANT,
  SUPPORT_TENANT,
  submitted,
  throughNhsmailGateway,
  type Arrival,
  type ExchangeKeys,
} from "../support/exchange-mail.ts";
import { appendHeaders, createDkimKey, dnsOverridesOf, sealArc, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntakeAsync, type CliResult, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

const SUPPORT_SERVER = "mx.support.example";
const FROM_INTERNET: Arrival = { host: "mail.freemail.example", ip: "203.0.113.25", envelopeDomain: "freemail.example", spfPass: true };

let keys: ExchangeKeys;
let freemail: DkimKey;
let impostor: DkimKey;
let resolver: DnsResolver;
let counter = 0;


/** Dr Bob Authoriser's GP form, unsigned, as Outlook composes it. */
function bobsForm(label: string): Promise<Buffer> {
  return formMail({ signWith: null, messageId: `<${label}.${++counter}@GBRP265.PROD.OUTLOOK.COM>` });
}

/** The same form composed by an outsider on his own mail server, signed for his own domain. */
async function outsidersForm(label: string): Promise<Buffer> {
  return signMail(await bobsForm(label), freemail);
}

async function leftNhsmail(raw: Buffer): Promise<Buffer> {
  return throughNhsmailGateway(await leaveTenant(submitted(raw), keys, NHSMAIL, { dkim: keys.nhsmail }), keys);
}

interface Judged {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly senderProof: string | null | undefined;
}

type Copy = "genuine" | "forged";

/** `intake senders explain` on a copy, in words or in JSON (the key of a PathRig's explanations). */
type Asked = readonly [Copy, boolean];

interface PathRig {
  readonly ws: Workspace;
  readonly genuine: Judged;
  readonly forged: Judged;
  /** `intake senders explain FILE` on the genuine or the forged copy, in words or in JSON, as asked when the rig was made. */
  explain(which: Copy, json?: boolean): CliResult;
}

/** At most this many `intake` commands at once from this file. */
const COMMANDS_AT_ONCE = 4;
let running = 0;
const queued: (() => void)[] = [];

/** The real `intake ARGS` in its own process, as an operator would run it, without blocking the other set-ups. */
async function intake(ws: Workspace, ...args: string[]): Promise<CliResult> {
  if (running >= COMMANDS_AT_ONCE) await new Promise<void>((resolve) => queued.push(resolve));
  running++;
  try {
    return await runIntakeAsync(args, ws.env);
  } finally {
    running--;
    queued.shift()?.();
  }
}

/**
 * A workspace with one evidence path switched on, a genuine and a forged form delivered and
 * judged in one pass, then `intake senders explain` run on the copies as `asked`.
 */
async function pathRig(env: Record<string, string>, genuine: Buffer, forged: Buffer, asked: readonly Asked[]): Promise<PathRig> {
  const ws = await createWorkspace([...keys.published, freemail], { env });
  const files = { genuine: path.join(ws.home, "genuine.eml"), forged: path.join(ws.home, "forged.eml") };
  writeFileSync(files.genuine, genuine);
  writeFileSync(files.forged, forged);
  const ids = { genuine: messageIdOf(genuine), forged: messageIdOf(forged) };
  ws.deliver(genuine);
  ws.deliver(forged);
  await ws.runOnce();
  const messages = await ws.messages();
  const judged = (id: string): Judged => {
    const message = messages.find((m) => m.messageId === id);
    return { outcome: message?.outcome, reasons: message?.reasons, senderProof: message?.senderProof };
  };
  const key = ([which, json]: Asked) => `${which}${json ? " --json" : ""}`;
  const explained = new Map(
    await Promise.all(asked.map(async ([which, json]) => [key([which, json]), await intake(ws, "senders", "explain", files[which], ...(json ? ["--json"] : []))] as const)),
  );
  return {
    ws,
    genuine: judged(ids.genuine),
    forged: judged(ids.forged),
    explain(which, json = false) {
      const result = explained.get(key([which, json]));
      if (!result) throw new Error(`the rig was not asked to explain ${key([which, json])}`);
      return result;
    },
  };
}

function messageIdOf(raw: Buffer): string {
  const match = /^Message-ID: *(<[^>]+>)/im.exec(raw.toString("latin1"));
  if (!match?.[1]) throw new Error("fixture has no Message-ID");
  return match[1];
}

function explanation(stdout: string): SenderExplanation {
  return JSON.parse(stdout) as SenderExplanation;
}

const ACCEPTED = { outcome: "accepted", reasons: [] };
const UNVERIFIED = { outcome: "flagged", reasons: ["SENDER_UNVERIFIED"], senderProof: null };

/** Each evidence path's rig, made at once by the file's set-up. */
const rigs: Partial<Record<"dkim" | "authenticationResults" | "arc" | "exchangeOrganisation", PathRig>> = {};
/** `intake senders explain --message-id` on the message the organisation-stamp rig referred. */
let referredExplained: CliResult;
/** The workspace with no records for `intake senders explain` used wrongly, and what each use printed. */
let empty: Workspace;
const MISUSES: readonly (readonly [string[], RegExp])[] = [
  [["senders", "explain"], /give an \.eml file, or --message-id ID/],
  [["senders", "explain", "missing.eml"], /cannot read the message file missing\.eml \(ENOENT\)/],
  [["senders", "explain", "--message-id", "<nobody@nowhere>"], /no referred message <nobody@nowhere> is kept/],
];
const misused = new Map<string, CliResult>();

function rigFor(name: keyof typeof rigs): PathRig {
  const made = rigs[name];
  if (!made) throw new Error(`the ${name} rig was not made`);
  return made;
}

async function dkimRig(): Promise<PathRig> {
  const genuine = await arriveInTenant(await leftNhsmail(await bobsForm("dkim-genuine")), keys, resolver, SUPPORT_TENANT, FROM_NHSMAIL_GATEWAY);
  const unpublished = { ...impostor, domain: "nhs.net", selector: "selector1", dnsName: keys.nhsmail.dnsName };
  const forged = await arriveInTenant(await signMail(await bobsForm("dkim-forged"), unpublished), keys, resolver, SUPPORT_TENANT, FROM_INTERNET);
  return pathRig({}, genuine, forged, [
    ["genuine", true],
    ["forged", true],
  ]);
}

async function authenticationResultsRig(): Promise<PathRig> {
  const genuine = await arriveElsewhere(await leftNhsmail(await bobsForm("ar-genuine")), resolver, SUPPORT_SERVER, FROM_NHSMAIL_GATEWAY);
  const written = await outsidersForm("ar-forged");
  const forgedVerdict = appendHeaders(written, [`Authentication-Results: ${SUPPORT_SERVER}; dkim=pass header.d=nhs.net; dmarc=pass header.from=nhs.net`]);
  const forged = await arriveElsewhere(forgedVerdict, resolver, SUPPORT_SERVER, FROM_INTERNET);
  return pathRig({ INTAKE_TRUST_DKIM: "no", INTAKE_TRUSTED_AUTHSERV_IDS: SUPPORT_SERVER }, genuine, forged, [
    ["genuine", false],
    ["genuine", true],
    ["forged", true],
  ]);
}

async function arcRig(): Promise<PathRig> {
  const genuine = await arriveInTenant(await leftNhsmail(await bobsForm("arc-genuine")), keys, resolver, SUPPORT_TENANT, FROM_NHSMAIL_GATEWAY);
  const sealed = await sealArc(await outsidersForm("arc-forged"), impostor, { authResults: "mx.microsoft.com 1; dmarc=pass action=none header.from=nhs.net" });
  const forged = await arriveInTenant(sealed, keys, resolver, SUPPORT_TENANT, FROM_INTERNET);
  return pathRig({ INTAKE_TRUST_DKIM: "no", INTAKE_TRUSTED_ARC_SEALERS: "microsoft.com" }, genuine, forged, [
    ["genuine", true],
    ["genuine", false],
    ["forged", true],
  ]);
}

async function exchangeOrganisationRig(): Promise<PathRig> {
  const genuine = deliverInsideTenant(submitted(await bobsForm("org-genuine")));
  // The worst case: the header firewall lets the outsider's own stamp through.
  const stamped = appendHeaders(await outsidersForm("org-forged"), internalStamp());
  const forged = await arriveInTenant(stamped, keys, resolver, NHSMAIL_TENANT, { ...FROM_INTERNET, headerFirewall: false });
  const env = { INTAKE_TRUST_DKIM: "no", INTAKE_EXCHANGE_ORGANISATION: NHSMAIL_TENANT, INTAKE_EXCHANGE_ORGANISATION_DOMAINS: "nhs.net" };
  const made = await pathRig(env, genuine, forged, [
    ["genuine", true],
    ["forged", false],
  ]);
  // As the status warning suggests: the referred message kept in the records, by its Message-ID.
  const [referred] = (await made.ws.messages()).filter((m) => m.outcome === "flagged");
  referredExplained = await intake(made.ws, "senders", "explain", "--message-id", referred?.messageId ?? "", "--json");
  return made;
}

async function misuses(): Promise<void> {
  empty = await createWorkspace([], { seed: false });
  await Promise.all(MISUSES.map(async ([args]) => misused.set(JSON.stringify(args), await intake(empty, ...args))));
}

// The keys, then every rig and every use of the command at once: each rig's pass and commands
// in its own workspace, under its own settings.
beforeAll(async () => {
  keys = await exchangeKeys();
  freemail = await createDkimKey("freemail.example", "mail");
  // microsoft.com's published selector, with a private key of the outsider's own.
  impostor = { ...(await createDkimKey("outsider.example", "arcselector10001")), domain: "microsoft.com", dnsName: keys.microsoft.dnsName };
  resolver = resolverFor(new Map(Object.entries(dnsOverridesOf([...keys.published, freemail]))));
  await Promise.all([
    dkimRig().then((made) => (rigs.dkim = made)),
    authenticationResultsRig().then((made) => (rigs.authenticationResults = made)),
    arcRig().then((made) => (rigs.arc = made)),
    exchangeOrganisationRig().then((made) => (rigs.exchangeOrganisation = made)),
    misuses(),
  ]);
});
afterAll(() => {
  for (const made of Object.values(rigs)) made.ws.remove();
  empty?.remove();
});

describe("DKIM (the default), support mailbox in another Microsoft 365 tenant", () => {
  let rig: PathRig;
  beforeAll(() => {
    rig = rigFor("dkim");
  });

  it("accepts NHSmail's signed form and records that DKIM proved its sender", () => {
    expect(rig.genuine).toEqual({ ...ACCEPTED, senderProof: "dkim" });
  });

  it("refers a form signed for nhs.net with the outsider's own key", () => {
    expect(rig.forged).toEqual(UNVERIFIED);
  });

  it("explains, in JSON, which path proved the genuine sender and why the forgery failed", () => {
    expect(explanation(rig.explain("genuine", true).stdout)).toMatchObject({ from: "bob.authoriser@nhs.net", proven: true, provenBy: "dkim" });
    const forged = explanation(rig.explain("forged", true).stdout);
    expect(forged).toMatchObject({ proven: false, provenBy: null });
    expect(forged.paths[0]).toMatchObject({ path: "dkim", outcome: "does-not-prove", found: "dkim: d=nhs.net fail (bad signature)" });
  });
});

describe("Authentication-Results (INTAKE_TRUSTED_AUTHSERV_IDS), support mailbox outside Microsoft 365", () => {
  let rig: PathRig;
  beforeAll(() => {
    rig = rigFor("authenticationResults");
  });

  it("accepts the form its receiving server found to pass DMARC, and records that path", () => {
    expect(rig.genuine).toEqual({ ...ACCEPTED, senderProof: "authentication-results" });
  });

  it("refers the form whose sender wrote the receiving server's verdict himself", () => {
    expect(rig.forged).toEqual(UNVERIFIED);
  });

  it("explains in words that DKIM is off and the receiving server's verdict counts", () => {
    const { code, stdout } = rig.explain("genuine");
    expect(code).toBe(0);
    expect(stdout).toContain("From:    bob.authoriser@nhs.net\nVerdict: proven by authentication-results");
    expect(stdout).toContain("1. dkim: off\n   found: dkim pass d=nhs.net aligned with From nhs.net\n   off: INTAKE_TRUST_DKIM is no");
    expect(stdout).toContain(`2. authentication-results: proves the sender\n   found: authentication-results: ${SUPPORT_SERVER} reports dmarc=pass header.from=nhs.net`);
  });

  it("explains what the ARC path, switched off, would have found: NHSmail's own seal", () => {
    const arc = explanation(rig.explain("genuine", true).stdout).paths.find((finding) => finding.path === "arc");
    expect(arc).toMatchObject({
      outcome: "off",
      found: "arc: chain valid; newest set i=1 sealed by microsoft.com; its results (authserv-id mx.microsoft.com): dmarc=pass header.from=nhs.net",
      why: "no ARC sealer is trusted (INTAKE_TRUSTED_ARC_SEALERS is empty)",
    });
  });

  it("explains that the topmost verdict, the server's own, says dmarc=fail", () => {
    const forged = explanation(rig.explain("forged", true).stdout);
    expect(forged.paths.find((finding) => finding.path === "authentication-results")).toMatchObject({
      outcome: "does-not-prove",
      found: `authentication-results: ${SUPPORT_SERVER} reports dmarc=fail`,
    });
  });
});

describe("ARC (INTAKE_TRUSTED_ARC_SEALERS=microsoft.com), support mailbox in another Microsoft 365 tenant", () => {
  let rig: PathRig;
  beforeAll(() => {
    rig = rigFor("arc");
  });

  it("accepts the form the support tenant sealed with dmarc=pass for nhs.net, and records that ARC proved it", () => {
    expect(rig.genuine).toEqual({ ...ACCEPTED, senderProof: "arc" });
  });

  it("refers a form carrying a seal that claims microsoft.com but was made with another key", () => {
    expect(rig.forged).toEqual(UNVERIFIED);
  });

  it("explains which seal proved the sender", () => {
    const genuine = explanation(rig.explain("genuine", true).stdout);
    expect(genuine).toMatchObject({ proven: true, provenBy: "arc", verification: { method: "arc", sealer: "microsoft.com", instance: 2 } });
    expect(rig.explain("genuine").stdout).toContain(
      "3. arc: proves the sender\n   found: arc: chain valid; newest set i=2 sealed by microsoft.com; its results (authserv-id mx.microsoft.com): dmarc=pass header.from=nhs.net\n   counts: microsoft.com, a trusted sealer",
    );
  });

  it("explains that the forged chain does not validate", () => {
    const arc = explanation(rig.explain("forged", true).stdout).paths.find((finding) => finding.path === "arc");
    expect(arc?.outcome).toBe("does-not-prove");
    expect(arc?.found).toMatch(/^arc: chain fail/);
  });
});

describe("Exchange's organisation stamp (INTAKE_EXCHANGE_ORGANISATION), support mailbox on NHSmail itself", () => {
  let rig: PathRig;
  beforeAll(() => {
    rig = rigFor("exchangeOrganisation");
  });

  it("accepts a form sent inside the organisation, with no DKIM, Authentication-Results or ARC, and records that path", () => {
    expect(rig.genuine).toEqual({ ...ACCEPTED, senderProof: "exchange-organisation" });
  });

  it("refers a form from outside that carries the organisation's stamp written by the sender", () => {
    expect(rig.forged).toEqual(UNVERIFIED);
  });

  it("explains the stamp that proved the sender", () => {
    const genuine = explanation(rig.explain("genuine", true).stdout);
    expect(genuine).toMatchObject({ proven: true, provenBy: "exchange-organisation", verification: { organisation: NHSMAIL_TENANT } });
  });

  it("explains that the forged stamp sits beside Exchange's own", () => {
    const { stdout } = rig.explain("forged");
    expect(stdout).toContain("Verdict: not proven (SENDER_UNVERIFIED)");
    expect(stdout).toContain("4. exchange-organisation: does not prove the sender\n   found: exchange-organisation: 2 X-MS-Exchange-Organization-AuthAs headers");
  });

  it("explains a referred message kept in the records by its Message-ID, as the status warning suggests", () => {
    const { code, stdout } = referredExplained;
    expect(code).toBe(0);
    expect(explanation(stdout)).toMatchObject({ proven: false, from: "bob.authoriser@nhs.net" });
  });
});

describe("intake senders explain, used wrongly", () => {
  it.each(MISUSES)("exits 2 with a sentence for %j", (args, message) => {
    const result = misused.get(JSON.stringify(args));
    expect(result?.code).toBe(2);
    expect(result?.stderr).toMatch(message);
  });
});
