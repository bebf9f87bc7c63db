// Input a person can put right: a setting, a file to import, an argument. Any module may
// throw a subclass; the command line prints the message and exits with code 2.

export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InputError";
  }
}
