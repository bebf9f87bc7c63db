// A hook on the test SMTP receiver for the moment it has accepted a mail: the receiver
// records the mail and then answers 250, so a callback deferred with setImmediate runs once
// the 250 is on its way to the client, which has not yet had time to act on it.
import type { ReceivedMail, SmtpReceiver } from "../../support/smtp-receiver.ts";

/** Calls `then` just after each mail the receiver accepts; returns the function that stops it. */
export function afterEachAcceptance(smtp: SmtpReceiver, then: (mail: ReceivedMail) => void): () => void {
  const received = smtp.received as ReceivedMail[];
  received.push = (...mails: ReceivedMail[]): number => {
    const length = Array.prototype.push.apply(received, mails);
    for (const mail of mails) setImmediate(() => then(mail));
    return length;
  };
  return () => {
    delete (received as { push?: unknown }).push; // the array's own push again
  };
}
