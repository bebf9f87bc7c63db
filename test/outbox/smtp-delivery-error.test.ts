// Which SMTP failures are worth trying again: only a 5xx refusal of the mail is final.
import { describe, expect, it } from "vitest";
import { isPermanentFailure } from "../../src/outbox/smtp-delivery-error.ts";

describe("isPermanentFailure", () => {
  it.each([
    [550, "EENVELOPE", true],
    [554, "EMESSAGE", true],
    [552, "EMESSAGE", true],
    [451, "EENVELOPE", false],
    [421, "EPROTOCOL", false],
    [503, "EPROTOCOL", false],
    [535, "EAUTH", false],
    [null, "ECONNECTION", false],
    [null, "ETIMEDOUT", false],
    [null, "ETLS", false],
  ] as const)("reply %s (%s) is permanent: %s", (responseCode, code, permanent) => {
    expect(isPermanentFailure(responseCode, code)).toBe(permanent);
  });
});
