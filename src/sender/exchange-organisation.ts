// Exchange Online's own stamp on mail sent inside one organisation (tenant), which carries no
// DKIM signature and no Authentication-Results. Exchange writes X-MS-Exchange-Organization-AuthAs
// ("Internal" once the sender signed in to the organisation) and removes every
// X-MS-Exchange-Organization-* header from mail arriving from outside (the header firewall):
// that removal is the whole of the proof, so it is used only when the operator says the mailbox
// and the sender domains are in one Exchange Online organisation. Forgers can add headers but
// not remove Exchange's own, so a message also counts only when it carries no trace of having
// been received from outside: one AuthAs, AuthMechanism and AuthSource each, no
// Authentication-Results or Received-SPF, no inbound direction, and no other tenant named.
// What Microsoft documents and what is only observed: README, "Proving senders on Microsoft 365".

import { normaliseDomain } from "../message/addresses.ts";
import type { HeaderField } from "../message/header-block.ts";
import type { SenderAddress } from "./sender-evidence.ts";

/** The operator's statement that the mailbox and these sender domains are in one Exchange Online organisation. */
export interface ExchangeOrganisation {
  /** The organisation's Microsoft Entra tenant id, lower-case. */
  readonly tenantId: string;
  /** Sender domains of that organisation, lower-case ASCII. */
  readonly domains: readonly string[];
}

export interface ExchangeOrganisationFinding {
  readonly proves: boolean;
  /** Short and log-safe, starting "exchange-organisation". */
  readonly found: string;
  readonly why: string;
}

const AUTH_AS = "x-ms-exchange-organization-authas";
const AUTH_MECHANISM = "x-ms-exchange-organization-authmechanism";
const AUTH_SOURCE = "x-ms-exchange-organization-authsource";
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A sign, written by Exchange Online itself, that it received the message from outside the organisation. */
interface InboundSign {
  readonly header: string;
  /** Null: the field's presence is the sign. Otherwise: the field is a sign unless this accepts its value. */
  readonly internalValue: ((value: string) => boolean) | null;
  readonly what: string;
}

const INBOUND_SIGNS: readonly InboundSign[] = [
  // Microsoft documents that Exchange Online stamps inbound messages with their SPF, DKIM and DMARC results.
  { header: "authentication-results", internalValue: null, what: "Authentication-Results, which Exchange Online writes on mail received from outside" },
  { header: "received-spf", internalValue: null, what: "Received-SPF, which Exchange Online writes on mail received from outside" },
  {
    header: "x-ms-exchange-organization-messagedirectionality",
    internalValue: (value) => value === "Originating",
    what: "a message direction other than Originating",
  },
  // DIR: INB inbound, OUT outbound, INT internal (Microsoft's anti-spam message headers).
  {
    header: "x-forefront-antispam-report",
    internalValue: (value) => /(^|;)\s*DIR:INT\s*(;|$)/.test(value),
    what: "an anti-spam report whose direction is not INT (internal)",
  },
  {
    header: "x-ms-exchange-crosstenant-fromentityheader",
    internalValue: (value) => value === "Hosted",
    what: "a cross-tenant entity other than Hosted",
  },
  { header: "x-ms-exchange-crosstenant-authas", internalValue: (value) => value === "Internal", what: "a cross-tenant AuthAs other than Internal" },
  { header: "x-ms-exchange-transport-crosstenantheadersstripped", internalValue: null, what: "a note that Exchange stripped another tenant's headers on arrival" },
];

/** Headers naming the tenant a message belongs to: when present, each must name the configured one. */
const TENANT_HEADERS: readonly { header: string; tenantOf: (value: string) => string }[] = [
  { header: "x-ms-exchange-crosstenant-id", tenantOf: (value) => value },
  { header: "x-eoptenantattributedmessage", tenantOf: (value) => value.split(":")[0] ?? "" },
];

/**
 * Whether the stamp proves `from` for `organisation`. With no organisation configured it only
 * says what the stamp shows (to explain a path that is off), and never proves.
 */
export function checkExchangeOrganisation(
  fields: readonly HeaderField[],
  from: SenderAddress,
  organisation: ExchangeOrganisation | null,
): ExchangeOrganisationFinding {
  const fails = (found: string, why: string): ExchangeOrganisationFinding => ({ proves: false, found: `exchange-organisation: ${found}`, why });
  if (organisation !== null && !organisation.domains.includes(from.domain)) {
    return fails(
      `From domain ${from.domain} is not one of the organisation's domains`,
      `the organisation's stamp speaks only for its own domains (INTAKE_EXCHANGE_ORGANISATION_DOMAINS: ${organisation.domains.join(", ")})`,
    );
  }

  const authAs = single(fields, AUTH_AS);
  if (authAs.kind !== "one") {
    return fails(describeCount(authAs, "X-MS-Exchange-Organization-AuthAs"), countWhy(authAs));
  }
  if (authAs.value !== "Internal") {
    return fails(
      `AuthAs ${plainWord(authAs.value)}`,
      "only Internal means the sender signed in to the organisation; Anonymous, External and Partner are mail from outside",
    );
  }
  const mechanism = single(fields, AUTH_MECHANISM);
  if (mechanism.kind !== "one" || !/^[0-9a-f]{2}$/i.test(mechanism.value)) {
    return fails(
      mechanism.kind === "one" ? "AuthMechanism is not two hexadecimal digits" : describeCount(mechanism, "X-MS-Exchange-Organization-AuthMechanism"),
      "Exchange writes exactly one AuthMechanism, two hexadecimal digits, on mail it authenticated",
    );
  }
  const source = single(fields, AUTH_SOURCE);
  const sourceHost = source.kind === "one" ? normaliseDomain(source.value) : null;
  if (sourceHost === null) {
    return fails(
      source.kind === "one" ? "AuthSource is not a host name" : describeCount(source, "X-MS-Exchange-Organization-AuthSource"),
      "Exchange writes exactly one AuthSource, the server that authenticated the sender",
    );
  }

  const inbound = inboundSign(fields);
  if (inbound !== null) {
    return fails(
      `AuthAs Internal, but the message carries ${inbound}`,
      "Exchange marked it as received from outside the organisation; headers inside a message do not make it internal",
    );
  }
  const stamp = `AuthAs Internal, AuthMechanism ${mechanism.value.toLowerCase()}, AuthSource ${sourceHost}; no sign of mail from outside`;
  if (organisation === null) {
    return fails(stamp, "this looks like mail from inside an Exchange organisation, but none is configured");
  }
  const otherTenant = otherTenantNamed(fields, organisation.tenantId);
  if (otherTenant !== null) {
    return fails(`AuthAs Internal, but ${otherTenant}`, `the configured organisation is ${organisation.tenantId}`);
  }
  return {
    proves: true,
    found: `exchange-organisation: ${stamp}`,
    why:
      `Exchange Online stamped it as sent by a signed-in account of organisation ${organisation.tenantId}, to which ${from.domain} belongs; ` +
      "Exchange removes these headers from mail arriving from outside, so nobody outside can write them",
  };
}

type Single = { kind: "none" } | { kind: "many"; count: number } | { kind: "one"; value: string };

// A field that parsers may read two ways (a continuation line without leading whitespace) counts as one more field.
function single(fields: readonly HeaderField[], name: string): Single {
  const found = fields.filter((field) => field.name === name);
  const [first] = found;
  if (first === undefined) return { kind: "none" };
  if (found.length > 1 || first.irregular) return { kind: "many", count: found.length + (first.irregular ? 1 : 0) };
  return { kind: "one", value: first.value };
}

function describeCount(single: Exclude<Single, { kind: "one" }>, header: string): string {
  return single.kind === "none" ? `no ${header} header` : `${single.count} ${header} headers`;
}

function countWhy(single: Exclude<Single, { kind: "one" }>): string {
  return single.kind === "none"
    ? "nothing says the sender signed in to the organisation: Exchange writes AuthAs on every message whose sender it checked"
    : "Exchange writes one; another was written by someone else, so none is believed";
}

function inboundSign(fields: readonly HeaderField[]): string | null {
  for (const sign of INBOUND_SIGNS) {
    const found = fields.filter((field) => field.name === sign.header);
    const internalValue = sign.internalValue;
    if (found.length > 0 && (internalValue === null || found.some((field) => field.irregular || !internalValue(field.value)))) {
      return sign.what;
    }
  }
  return null;
}

function otherTenantNamed(fields: readonly HeaderField[], tenantId: string): string | null {
  for (const { header, tenantOf } of TENANT_HEADERS) {
    for (const field of fields.filter((candidate) => candidate.name === header)) {
      const tenant = tenantOf(field.value).trim().toLowerCase();
      if (field.irregular || tenant !== tenantId) {
        return `${header} names ${TENANT_ID.test(tenant) ? `tenant ${tenant}` : "something that is not a tenant id"}`;
      }
    }
  }
  return null;
}

// Exchange's AuthAs values are single words; anything else is shown as unreadable, not echoed.
function plainWord(value: string): string {
  return /^[A-Za-z]{1,20}$/.test(value) ? value : "(unreadable value)";
}
