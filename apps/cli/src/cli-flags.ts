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

/** What a command takes: its flags, how their values are written, and how many plain arguments. */
export interface CommandArguments {
  flags: readonly string[];
  /** `equals`: only `--name=value`; `either`: also `--name value`. */
  values: 'equals' | 'either';
  /** Plain arguments (not flags): none, exactly one, or any number. */
  plain: 'none' | 'one' | 'any';
}

/**
 * What is wrong with a command's arguments before it runs: a flag it does not take (a misspelt
 * `--dry-run` on a command that changes things must never be ignored), a value written in a form
 * it does not read, or plain arguments it does not take. Empty when the command may run.
 */
export function refusedArguments(command: string, takes: CommandArguments, args: string[]): string[] {
  const problems: string[] = [];
  let plain = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = /^--([^=]*)(=.*)?$/s.exec(arg);
    if (!flag) {
      plain++;
      continue;
    }
    const [, name, value] = flag;
    if (!takes.flags.includes(name)) {
      problems.push(
        takes.flags.length
          ? `${command} does not take --${name} (it takes ${takes.flags.map((f) => `--${f}`).join(', ')})`
          : `${command} takes no flags (got --${name})`,
      );
      continue;
    }
    if (value !== undefined) continue;
    if (takes.values === 'either' && i + 1 < args.length && !args[i + 1].startsWith('--')) i++;
    else problems.push(`write --${name}=<value>`);
  }
  if (takes.plain === 'none' && plain > 0) problems.push(`${command} takes no arguments besides its flags`);
  if (takes.plain === 'one' && plain !== 1) problems.push(`${command} takes exactly one argument`);
  return problems;
}
