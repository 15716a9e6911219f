import { readFileSync } from 'node:fs';
import path from 'node:path';
import { refusedArguments, type CommandArguments } from './cli-flags';
import { argumentProblems, COMMAND_ARGUMENTS } from './command-arguments';

const none: CommandArguments = { flags: [], values: 'equals', plain: 'none' };
const token: CommandArguments = { flags: ['minutes'], values: 'equals', plain: 'one' };
const admin: CommandArguments = { flags: ['subject', 'reason'], values: 'either', plain: 'none' };

describe('the command line refuses what a command does not take', () => {
  it('refuses a flag a command that changes things does not take, rather than ignoring it', () => {
    expect(refusedArguments('turn-key-epoch', none, ['--dry-run'])).toEqual([
      'turn-key-epoch takes no flags (got --dry-run)',
    ]);
    expect(refusedArguments('turn-key-epoch', none, ['now'])).toEqual([
      'turn-key-epoch takes no arguments besides its flags',
    ]);
    expect(refusedArguments('turn-key-epoch', none, [])).toEqual([]);
  });

  it('refuses a misspelt flag, and a value in a form the command does not read', () => {
    expect(refusedArguments('token', token, ['pc@x.demo', '--minuts=5'])).toEqual([
      'token does not take --minuts (it takes --minutes)',
    ]);
    expect(refusedArguments('token', token, ['pc@x.demo', '--minutes', '5'])).toEqual([
      'write --minutes=<value>',
      'token takes exactly one argument',
    ]);
    expect(refusedArguments('token', token, ['pc@x.demo', '--minutes=5'])).toEqual([]);
    expect(refusedArguments('token', token, [])).toEqual(['token takes exactly one argument']);
  });

  it('reads flags with their value after them where the command does', () => {
    expect(refusedArguments('deactivate-platform-admin', admin, ['--subject', 's', '--reason=left'])).toEqual([]);
    expect(refusedArguments('deactivate-platform-admin', admin, ['--subject', 's', 'extra'])).toEqual([
      'deactivate-platform-admin takes no arguments besides its flags',
    ]);
  });

  it('checks every command of the dispatcher, and refuses --dry-run on the commands that change things', () => {
    const dispatched = [...readFileSync(path.join(__dirname, 'main.ts'), 'utf8').matchAll(/case '([a-z-]+)':/g)].map(
      (m) => m[1],
    );
    expect(Object.keys(COMMAND_ARGUMENTS).sort()).toEqual([...dispatched].sort());
    for (const command of ['seed', 'turn-key-epoch', 'rebuild', 'create-partnership', 'deactivate-platform-admin'])
      expect([command, argumentProblems(command, ['--dry-run']).length > 0]).toEqual([command, true]);
  });
});
