// The closed set of reason codes. Each code carries the outcome it leads to and the
// sentence that goes into replies, so a new rule cannot be added without both.

export const OUTCOMES = ["accepted", "rejected", "flagged", "ignored", "duplicate"] as const;

export type Outcome = (typeof OUTCOMES)[number];

export interface Reason {
  readonly outcome: Outcome;
  /** Written for the person who receives the reply (or, for flagged codes, the support team). */
  readonly sentence: string;
}

export const REASONS = {
  OWN_MESSAGE: {
    outcome: "ignored",
    sentence: "The email is one of this service's own messages coming back; it is not answered.",
  },
  BOUNCE: {
    outcome: "ignored",
    sentence: "The email is a delivery report that concerns none of this service's messages; it is not answered.",
  },
  AUTO_REPLY: {
    outcome: "ignored",
    sentence: "The email was sent automatically (an autoresponder, out-of-office reply or mailing list); it is not answered.",
  },
  REPLY_UNDELIVERABLE: {
    outcome: "flagged",
    sentence: "A notification this service sent could not be delivered; the support team needs to reach the person another way.",
  },
  MESSAGE_TOO_LARGE: {
    outcome: "flagged",
    sentence: "The email is larger than the size this service reads; a person needs to look at it.",
  },
  MESSAGE_HEADER_TOO_LARGE: {
    outcome: "flagged",
    sentence: "The email's header is larger, or has more fields, than this service reads; a person needs to look at it.",
  },
  MESSAGE_TOO_MANY_SIGNATURES: {
    outcome: "flagged",
    sentence: "The email carries more DKIM or ARC signatures than this service checks; a person needs to look at it.",
  },
  MESSAGE_TOO_MANY_PDFS: {
    outcome: "flagged",
    sentence: "The email has more PDF attachments than this service reads; a person needs to look at it.",
  },
  MESSAGE_TIME_LIMIT: {
    outcome: "flagged",
    sentence: "The email could not be examined within the time this service gives one message; a person needs to look at it.",
  },
  MESSAGE_MEMORY_LIMIT: {
    outcome: "flagged",
    sentence: "The email needed more memory to examine than this service gives one message; a person needs to look at it.",
  },
  MESSAGE_UNREADABLE: {
    outcome: "flagged",
    sentence: "The email could not be read (its MIME structure is broken).",
  },
  PROCESSING_FAILED: {
    outcome: "flagged",
    sentence: "The processor could not finish handling this email; a person needs to look at it.",
  },
  FORM_MISSING: {
    outcome: "flagged",
    sentence: "No ePACT2 registration form was attached to the email.",
  },
  FORM_UNREADABLE: {
    outcome: "flagged",
    sentence: "The attached registration form could not be read (it may be damaged, password-protected or a scanned image).",
  },
  FORM_TOO_LARGE: {
    outcome: "flagged",
    sentence: "The attachment is larger than the size we accept for a registration form.",
  },
  FORM_UNKNOWN: {
    outcome: "rejected",
    sentence: "The attached PDF is not one of the current ePACT2 registration forms.",
  },
  FORM_MULTIPLE: {
    outcome: "rejected",
    sentence: "More than one registration form was attached; please send each form in its own email.",
  },
  FORM_NOT_AS_SHOWN: {
    outcome: "flagged",
    sentence:
      "What the registration form holds differs from what its pages show (a hidden or altered value); a person needs to compare it with the authoriser.",
  },
  FORM_INVALID: {
    outcome: "rejected",
    sentence: "Some fields of the registration form are missing or not valid.",
  },
  SENDER_UNVERIFIED: {
    outcome: "flagged",
    sentence: "The sender's address could not be verified (no valid DKIM signature or trusted authentication result for the From address).",
  },
  SENDER_DOMAIN_NOT_ALLOWED: {
    outcome: "rejected",
    sentence: "Registration forms must be returned from an @nhs.net email account.",
  },
  SENDER_NOT_AUTHORISER: {
    outcome: "rejected",
    sentence: "The form must be returned by the authoriser named on it, from the email address given for the authoriser.",
  },
  SENDER_NOT_APPLICANT: {
    outcome: "flagged",
    sentence: "A Default Dashboard Access form was sent by someone other than the applicant.",
  },
  SELF_AUTHORISATION: {
    outcome: "rejected",
    sentence: "We cannot accept registration forms authorised by the same person who is requesting access.",
  },
  APPLICANT_DOMAIN_NOT_ALLOWED: {
    outcome: "rejected",
    sentence:
      "Anyone working at the NHS, NHSBSA, or approved organisations can register: the applicant's email address must be an @nhs.net address or one of an approved organisation.",
  },
  ORGANISATION_UNKNOWN: {
    outcome: "rejected",
    sentence: "The organisation code on the form is not the code of an open NHS organisation.",
  },
  ORGANISATION_NOT_ELIGIBLE: {
    outcome: "rejected",
    sentence: "This type of organisation cannot register for this ePACT2 access.",
  },
  ACCESS_LEVEL_NOT_ALLOWED: {
    outcome: "rejected",
    sentence:
      "Prescriber access is available at Provider/Trust, ICB sub-location and ICB level, and Financial access at Regional, ICB and Provider/Trust level; this organisation's level is not one of them.",
  },
  ORGANISATION_TYPE_MISMATCH: {
    outcome: "rejected",
    sentence: "The organisation code does not fit this form; please use the form for your type of organisation.",
  },
  JUSTIFICATION_REQUIRED: {
    outcome: "rejected",
    sentence:
      "National-level data is available to National-level organisations who can provide a valid reason/justification for requiring access; please give the justification on the form.",
  },
  AUTHORISER_ROLE_INVALID: {
    outcome: "rejected",
    sentence: "The authoriser's role cannot authorise this access.",
  },
  DUPLICATE_REQUEST: {
    outcome: "duplicate",
    sentence: "This request has already been received; no new request was created.",
  },
  NATIONAL_ACCESS_REVIEW: {
    outcome: "flagged",
    sentence: "Requests for national-level or CD Accountable Officer access are reviewed by the support team before they are authorised.",
  },
  AUTHORISER_NOT_RECOGNISED: {
    outcome: "flagged",
    sentence: "The authoriser is not yet in our directory of authorisers for this organisation; the support team will confirm them.",
  },
} as const satisfies Record<string, Reason>;

export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

/** What one check found: a reason code and, where it helps a person, the detail. */
export interface Finding {
  readonly code: ReasonCode;
  readonly detail?: string;
}

export function reasonFor(code: ReasonCode): Reason {
  return REASONS[code];
}
