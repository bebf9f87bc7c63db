// The key that signs the marker in our Message-IDs: from INTAKE_REPLY_SIGNING_KEY, or
// made once per installation and kept beside the database (readable by its owner only).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function loadSigningKey(configured: string | null, keyFile: string): Buffer {
  if (configured) return Buffer.from(configured, "utf8");
  if (!existsSync(keyFile)) {
    // "wx": two processes starting at once must not each write a different key.
    try {
      writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return Buffer.from(readFileSync(keyFile, "utf8").trim(), "utf8");
}
