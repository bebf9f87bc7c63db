// The single From address of a message, read from the raw top-level header block. Exactly
// one From field holding exactly one mailbox in the plainest RFC 5322 shape; anything else
// is a FromProblem. Identity never comes from Reply-To, Sender or the display name, so they
// are not read here.
//
// The field is read strictly rather than forgivingly: parsers disagree about quoted local
// parts, comments, routes and whitespace inside an address (carol."bob"@nhs.net is carol.bob
// to RFC 5322 and bob to nodemailer's parser), and a signature proves the mailbox the signer
// read, not the one we read. So the field is either a bare addr-spec, or a display name of
// atoms, quoted strings or encoded words followed by one <addr-spec> ending the field.

import { readAddrSpec, type MailAddress } from "./addresses.ts";
import { fieldsNamed, readHeaderBlock } from "./header-block.ts";

/** Why a message has no one From address to go by. */
export type FromProblem = "missing" | "multiple" | "malformed";

export interface FromHeader {
  readonly from: MailAddress | null;
  readonly fromProblem: FromProblem | null;
}

export function readFromHeader(raw: Uint8Array): FromHeader {
  const block = readHeaderBlock(raw);
  if (!block.ok) {
    return problem("malformed");
  }
  const fromFields = fieldsNamed(block.fields, "from");
  const [field] = fromFields;
  if (field === undefined) {
    return problem("missing");
  }
  if (fromFields.length > 1) {
    return problem("multiple");
  }
  if (field.irregular) {
    return problem("malformed");
  }
  return readFromValue(field.value);
}

/** The one mailbox of a From field's (unfolded) value, read strictly. */
export function readFromValue(value: string): FromHeader {
  const text = value.trim();
  if (text === "") {
    return problem("missing");
  }
  const outside = outsideQuotes(text);
  if (outside === null) {
    return problem("malformed");
  }
  const open = outside.indexOf("<");
  const angleEnd = open < 0 ? -1 : outside.indexOf(">", open);
  const aroundAngle = open < 0 ? outside : outside.slice(0, open) + (angleEnd < 0 ? "" : outside.slice(angleEnd + 1));
  // A list of mailboxes, or a group (RFC 6854), even of one, is not "a mailbox".
  if (/[,;:<]/.test(aroundAngle)) {
    return problem("multiple");
  }
  if (/[()]/.test(outside)) {
    return problem("malformed");
  }
  if (open < 0) {
    return mailbox(readAddrSpec(text));
  }
  const close = outside.indexOf(">");
  if (close !== text.length - 1 || outside.indexOf(">") !== outside.lastIndexOf(">") || !isDisplayName(text.slice(0, open))) {
    return problem("malformed");
  }
  return mailbox(readAddrSpec(text.slice(open + 1, close)));
}

function mailbox(from: MailAddress | null): FromHeader {
  return from === null ? problem("malformed") : { from, fromProblem: null };
}

function problem(fromProblem: FromProblem): FromHeader {
  return { from: null, fromProblem };
}

// The value with each quoted string (quotes included) blanked to "_", so that structure
// can be found by position; null for an unclosed quote.
function outsideQuotes(text: string): string | null {
  let outside = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted && char === "\\") {
      outside += "__";
      index++;
    } else if (char === '"') {
      quoted = !quoted;
      outside += "_";
    } else {
      outside += quoted ? "_" : char;
    }
  }
  return quoted ? null : outside;
}

// Characters of a display name's words: ASCII atext, the "." of obs-phrase ("Dr. Bob"), and
// visible non-ASCII letters (RFC 6532); words are separated by spaces or tabs. Encoded words
// are atoms. Controls and invisible format characters are no part of anybody's name.
const PHRASE_WORD = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-\u{a0}-\u{10ffff} \t]*$/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const QUOTED_STRING = /"(?:[^"\\]|\\[^])*"/gu;

function isDisplayName(display: string): boolean {
  const unquoted = display.replace(QUOTED_STRING, " ");
  return PHRASE_WORD.test(unquoted) && !INVISIBLE.test(display.replace(/[ \t]/g, ""));
}
