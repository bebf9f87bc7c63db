// How an email opens: "Dear <name>," with the name the form gives the address it goes to
// (its authoriser or its applicant), and "Hello," for an address the form does not name.
import type { RegistrationForm } from "../forms/registration-form.ts";
import { sameAddress } from "../message/addresses.ts";

export const NAMELESS_GREETING = "Hello,";

/** The name the form gives this address, whitespace collapsed; null when it names it nowhere. */
export function recipientName(recipient: string, form: RegistrationForm | null): string | null {
  if (!form) return null;
  const named = [
    form.authoriser ? { email: form.authoriser.email, name: form.authoriser.name } : null,
    { email: form.applicant.email, name: `${form.applicant.firstName} ${form.applicant.lastName}` },
  ];
  const match = named.find((person) => person !== null && sameAddress(person.email, recipient));
  const name = match?.name.replace(/\s+/g, " ").trim() ?? "";
  return name === "" ? null : name;
}

export function greetingFor(recipient: string, form: RegistrationForm | null): string {
  const name = recipientName(recipient, form);
  return name === null ? NAMELESS_GREETING : `Dear ${name},`;
}
