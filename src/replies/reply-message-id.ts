import { randomUUID } from "node:crypto";
import type { ReplyKind } from "./reply.ts";

/** A fresh Message-ID for a reply, in the reply domain, recognisable as ours by its prefix. */
export function newReplyMessageId(domain: string): (kind: ReplyKind) => string {
  return (kind) => `<epact2-intake.${kind}.${randomUUID()}@${domain}>`;
}
