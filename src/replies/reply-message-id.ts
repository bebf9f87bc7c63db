// Message-IDs of the processor's own mail carry a signed marker, so that a reply of ours
// that comes back (an autoresponder, a forward, a loop) is recognised and never answered.
// A forged marker could only make the processor ignore the forger's own message.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { ReplyKind } from "./reply.ts";

const PREFIX = "epact2-intake";

function signature(key: Buffer, body: string): string {
  return createHmac("sha256", key).update(body).digest("base64url").slice(0, 16);
}

/** A fresh Message-ID for a reply: `<epact2-intake.KIND.UUID.SIGNATURE@domain>`. */
export function newReplyMessageId(domain: string, key: Buffer): (kind: ReplyKind) => string {
  return (kind) => {
    const body = `${PREFIX}.${kind}.${randomUUID()}`;
    return `<${body}.${signature(key, body)}@${domain}>`;
  };
}

/** True when the Message-ID is one this installation made (its marker verifies). */
export function isOwnMessageId(messageId: string, key: Buffer): boolean {
  const match = /^<?(epact2-intake\.[a-z-]+\.[0-9a-f-]{36})\.([A-Za-z0-9_-]{16})@[^>]+>?$/.exec(messageId.trim());
  if (!match?.[1] || !match[2]) return false;
  const expected = Buffer.from(signature(key, match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
