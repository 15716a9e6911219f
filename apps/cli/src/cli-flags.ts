/** `--name value` and `--name=value` flags of a command; a flag given twice keeps the last value. */
export function parseFlags(args: string[]): { flags: Map<string, string>; problems: string[] } {
  const flags = new Map<string, string>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      problems.push(`unexpected argument ${JSON.stringify(arg)}`);
      continue;
    }
    const [, name, inline] = match;
    if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags.set(name, args[++i]);
    else problems.push(`--${name} needs a value`);
  }
  return { flags, problems };
}

/** Where a command writes: its result on `out`, messages for the operator on `err`. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export const STDIO: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
