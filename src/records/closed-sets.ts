// Each closed set of the domain as the records store it: a Prisma enum whose identifiers are
// the domain's values with underscores for hyphens (the stored text stays the domain's own,
// by @map in prisma/schema.prisma). One typed mapping a set, the only place either side is
// turned into the other; a value read back that the domain does not know is a fault of the
// records (edited by hand, or a value since retired), reported, never cast.
import { AUTHORISER_ROLES, type AuthoriserRole } from "../directory/authoriser-roles.ts";
import { ORGANISATION_FILE_FORMATS, type OrganisationFileFormat } from "../organisations/file-formats.ts";
import {
  ORGANISATION_STATUSES,
  ORGANISATION_TYPES,
  type OrganisationStatus,
  type OrganisationType,
} from "../organisations/organisation-types.ts";
import { CASE_STATES, RESOLUTIONS, type CaseState, type Resolution } from "../requests/case-state.ts";
import { REPLY_KINDS, REPLY_STATUSES, type ReplyKind, type ReplyStatus } from "../replies/reply.ts";
import { REQUEST_STATUSES, type RequestStatus } from "../requests/request-status.ts";
import { OUTCOMES, REASON_CODES, type Outcome, type ReasonCode } from "../rules/reasons.ts";
import { SENDER_PROOFS, type SenderProof } from "../rules/sender-proof.ts";
import type * as Stored from "./generated/enums.ts";

/** An intake pass under way (or cut short, never finished), ended well, or ended by an error. */
export const PASS_STATUSES = ["running", "ok", "failed"] as const;

export type PassStatus = (typeof PASS_STATUSES)[number];

/** What an audit event can be about (src/records/audit.ts); a new table with a history adds its name here and in the enum. */
export const AUDIT_SUBJECTS = ["message", "request", "reply", "alert", "case", "directory", "organisations"] as const;

export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

/** A stored value outside the domain's closed set. */
export class StoredValueError extends Error {
  constructor(set: string, value: string) {
    super(`the records hold ${set} ${JSON.stringify(value)}, which this version does not know`);
    this.name = "StoredValueError";
  }
}

export interface ClosedSet<D extends string, S extends string> {
  readonly name: string;
  /** Every value of the domain's set, in the domain's order. */
  readonly values: readonly D[];
  /** The enum value that stores a domain value. */
  readonly stored: (value: D) => S;
  /** The domain value of one read back; StoredValueError for any other. */
  readonly domain: (value: S) => D;
}

function closedSet<D extends string, S extends string>(name: string, values: readonly D[], toStored: (value: D) => S): ClosedSet<D, S> {
  const back = new Map<string, D>();
  for (const value of values) {
    const stored = toStored(value);
    if (back.has(stored)) throw new Error(`${name}: "${back.get(stored)}" and "${value}" are both stored as "${stored}"`);
    back.set(stored, value);
  }
  return {
    name,
    values,
    stored: toStored,
    domain: (value) => {
      const known = back.get(value);
      if (known === undefined) throw new StoredValueError(name, value);
      return known;
    },
  };
}

/** For a set whose values are enum identifiers as they are: the type check proves each one is. */
const asItIs = <D extends string>(value: D): D => value;

export const requestStatuses = closedSet<RequestStatus, Stored.RequestStatus>("request status", REQUEST_STATUSES, asItIs);
export const outcomes = closedSet<Outcome, Stored.Outcome>("outcome", OUTCOMES, asItIs);
export const reasonCodes = closedSet<ReasonCode, Stored.ReasonCode>("reason code", REASON_CODES, asItIs);
export const replyStatuses = closedSet<ReplyStatus, Stored.ReplyStatus>("reply status", REPLY_STATUSES, asItIs);
export const passStatuses = closedSet<PassStatus, Stored.PassStatus>("pass status", PASS_STATUSES, asItIs);
export const auditSubjects = closedSet<AuditSubject, Stored.AuditSubjectType>("audit subject type", AUDIT_SUBJECTS, asItIs);
export const organisationStatuses = closedSet<OrganisationStatus, Stored.OrganisationStatus>("organisation status", ORGANISATION_STATUSES, asItIs);

const REPLY_KIND: Record<ReplyKind, Stored.ReplyKind> = {
  "authoriser-confirmation": "authoriser_confirmation",
  "applicant-authorised": "applicant_authorised",
  rejection: "rejection",
  "applicant-self-authorisation": "applicant_self_authorisation",
  duplicate: "duplicate",
  referred: "referred",
  "applicant-returned": "applicant_returned",
  "applicant-account-ready": "applicant_account_ready",
  "correction-request": "correction_request",
  answer: "answer",
  "support-notice": "support_notice",
  "support-alert": "support_alert",
  "support-recovered": "support_recovered",
};
export const replyKinds = closedSet("reply kind", REPLY_KINDS, (kind) => REPLY_KIND[kind]);

const ORGANISATION_TYPE: Record<OrganisationType, Stored.OrganisationType> = {
  "gp-practice": "gp_practice",
  "prescribing-cost-centre": "prescribing_cost_centre",
  pcn: "pcn",
  icb: "icb",
  "sub-icb-location": "sub_icb_location",
  region: "region",
  "nhs-trust": "nhs_trust",
  "independent-provider": "independent_provider",
  "local-authority": "local_authority",
  csu: "csu",
  "health-innovation-network": "health_innovation_network",
  national: "national",
  "other-public-sector": "other_public_sector",
  pharmacy: "pharmacy",
  commercial: "commercial",
};
export const organisationTypes = closedSet("organisation type", ORGANISATION_TYPES, (type) => ORGANISATION_TYPE[type]);

const ORGANISATION_SOURCE: Record<OrganisationFileFormat, Stored.OrganisationSource> = {
  "epraccur-legacy": "epraccur_legacy",
  "epraccur-current": "epraccur_current",
  csv: "csv",
};
export const organisationSources = closedSet("organisation source", ORGANISATION_FILE_FORMATS, (format) => ORGANISATION_SOURCE[format]);

const DIRECTORY_ROLE: Record<AuthoriserRole, Stored.DirectoryRole> = {
  gp: "gp",
  "pcn-clinical-director": "pcn_clinical_director",
  "caldicott-guardian": "caldicott_guardian",
  "nominated-authoriser": "nominated_authoriser",
  "regional-director-of-finance": "regional_director_of_finance",
  "icb-finance-lead": "icb_finance_lead",
  "provider-finance-lead": "provider_finance_lead",
};
export const directoryRoles = closedSet("directory role", AUTHORISER_ROLES, (role) => DIRECTORY_ROLE[role]);

const EVIDENCE_PATH: Record<SenderProof, Stored.SenderEvidencePath> = {
  dkim: "dkim",
  "authentication-results": "authentication_results",
  arc: "arc",
  "exchange-organisation": "exchange_organisation",
  "support-team": "support_team",
};
export const evidencePaths = closedSet("sender evidence path", SENDER_PROOFS, (path) => EVIDENCE_PATH[path]);

export const caseStates = closedSet<CaseState, Stored.CaseState>("case state", CASE_STATES, asItIs);
const RESOLUTION: Record<Resolution, Stored.CaseResolution> = {
  accepted: "accepted",
  rejected: "rejected",
  answered: "answered",
  dismissed: "dismissed",
  "judged-again": "judged_again",
};
export const caseResolutions = closedSet("case resolution", RESOLUTIONS, (resolution) => RESOLUTION[resolution]);

/** Every set, for the test that walks each one both ways. */
export const CLOSED_SETS = [
  requestStatuses,
  outcomes,
  reasonCodes,
  replyKinds,
  replyStatuses,
  passStatuses,
  auditSubjects,
  organisationTypes,
  organisationStatuses,
  organisationSources,
  directoryRoles,
  evidencePaths,
  caseStates,
  caseResolutions,
] as const;

/** A nullable value either way: null stays null. */
export function orNull<A, B>(value: A | null, convert: (value: A) => B): B | null {
  return value === null ? null : convert(value);
}
