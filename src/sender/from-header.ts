// The single From address of a message, read from the raw top-level header block. Exactly
// one From field holding exactly one mailbox; anything else is a FromProblem. Identity never
// comes from Reply-To, Sender or the display name, so they are not read here.

import addressparser from "nodemailer/lib/addressparser";
import { normaliseAddress } from "./addresses.ts";
import { fieldsNamed, readHeaderBlock } from "../message/header-block.ts";
import type { FromProblem, SenderAddress } from "./sender-evidence.ts";

export interface FromHeader {
  readonly from: SenderAddress | null;
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
  return mailboxOf(field.value);
}

function mailboxOf(value: string): FromHeader {
  const parsed = addressparser(value);
  if (parsed.length === 0) {
    return problem("missing");
  }
  const [entry] = parsed;
  // A group, even of one, is not "a mailbox"; nor is a list of them.
  if (parsed.length > 1 || entry === undefined || entry.group !== undefined) {
    return problem("multiple");
  }
  const shape = shapeOf(value);
  if (shape !== "single") {
    return problem(shape);
  }
  const from = normaliseAddress(entry.address);
  return from === null ? problem("malformed") : { from, fromProblem: null };
}

function problem(fromProblem: FromProblem): FromHeader {
  return { from: null, fromProblem };
}

// addressparser is forgiving: "<a@x> <b@y>" and "a@x b@y" come back as one mailbox with the
// other address as its name, and a mail client may show the other one. Outside quoted
// strings and comments, a single mailbox has at most one angle-addr with nothing after it,
// or else is one bare addr-spec without spaces.
function shapeOf(value: string): "single" | "multiple" | "malformed" {
  let outside = "";
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === "\\" && (quoted || depth > 0)) {
      index++;
    } else if (quoted) {
      quoted = char !== '"';
    } else if (char === "(") {
      depth++;
    } else if (depth > 0) {
      depth -= char === ")" ? 1 : 0;
    } else if (char === '"') {
      quoted = true;
      outside += '"';
    } else {
      outside += char;
    }
  }
  if (quoted || depth > 0) {
    return "malformed";
  }
  const opens = outside.split("<").length - 1;
  const closes = outside.split(">").length - 1;
  if (opens > 1 || closes > 1) {
    return "multiple";
  }
  if (opens !== closes) {
    return "malformed";
  }
  if (opens === 1) {
    const close = outside.indexOf(">");
    return outside.indexOf("<") < close && outside.slice(close + 1).trim() === "" ? "single" : "malformed";
  }
  return /\s/.test(outside.trim()) ? "malformed" : "single";
}
