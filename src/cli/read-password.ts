// A password for a command: typed on a terminal without echo (twice, to catch a slip), or
// the first line of standard input when it is not a terminal (scripts, provisioning).
import { InputError } from "../input-error.ts";

class PasswordInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "PasswordInputError";
  }
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  let text = "";
  stream.setEncoding("utf8");
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/** One line typed without echo; Ctrl-C or Ctrl-D ends the command. */
function askHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  output.write(prompt);
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error: Error | null): void => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      output.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish(null);
        if (char === "\u0003" || char === "\u0004") return finish(new PasswordInputError("no password given"));
        if (char === "\u007f" || char === "\b") typed = [...typed].slice(0, -1).join("");
        else if (char >= " ") typed += char;
      }
    };
    input.on("data", onData);
  });
}

export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const [first = ""] = (await readAll(input)).split(/\r?\n/);
    if (first === "") throw new PasswordInputError("no password on standard input (give it as the first line)");
    return first;
  }
  const password = await askHidden("Password: ", input, output);
  const again = await askHidden("The same password again: ", input, output);
  if (password !== again) throw new PasswordInputError("the two passwords differ; nothing was changed");
  return password;
}
