import { refusedArguments, type CommandArguments } from './cli-flags';

/** What each command takes; anything else is refused before it runs (exit code 2). */
export const COMMAND_ARGUMENTS: Record<string, CommandArguments> = {
  token: { flags: ['minutes'], values: 'equals', plain: 'one' },
  seed: { flags: [], values: 'equals', plain: 'none' },
  'create-platform-admin': { flags: ['subject', 'name'], values: 'either', plain: 'none' },
  'deactivate-platform-admin': { flags: ['subject', 'reason'], values: 'either', plain: 'none' },
  'create-partnership': {
    flags: ['name', 'area', 'agency', 'agency-kind', 'admin-subject', 'admin-name'],
    values: 'either',
    plain: 'none',
  },
  verify: { flags: ['stream', 'public-key'], values: 'equals', plain: 'none' },
  'audit-public-key': { flags: [], values: 'equals', plain: 'none' },
  rebuild: { flags: [], values: 'equals', plain: 'any' },
  'turn-key-epoch': { flags: [], values: 'equals', plain: 'none' },
};

/** What is wrong with a command's arguments (empty: it may run; an unknown command is the dispatcher's to answer). */
export function argumentProblems(command: string, args: string[]): string[] {
  const takes = Object.hasOwn(COMMAND_ARGUMENTS, command) ? COMMAND_ARGUMENTS[command] : undefined;
  return takes ? refusedArguments(command, takes, args) : [];
}
