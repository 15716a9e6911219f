import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { HublineConfig } from '@hubline/config';
import { DomainError } from '@hubline/errors';
import { stableId } from '@hubline/event-store';
import { ChangePlatformAdmin } from '@hubline/identity';
import { ProjectionsService } from '@hubline/projections';
import { parseFlags, STDIO, type CommandOutput } from './cli-flags';
import { withHubContext } from './hub-context';

export const CREATE_PLATFORM_ADMIN_USAGE = `usage: npm run hubline -- create-platform-admin --subject <subject> --name <display name>
  e.g. npm run hubline -- create-platform-admin --subject hub.manager@essex.gov.uk --name "Sam Patel"`;
export const DEACTIVATE_PLATFORM_ADMIN_USAGE = `usage: npm run hubline -- deactivate-platform-admin --subject <subject> --reason <why>`;

const operator = (command: string) => ({ userId: 'operator', correlationId: `cli-${command}-${randomUUID()}` });

function flagsOf(args: string[], required: string[], usage: string, io: CommandOutput): Map<string, string> | null {
  const { flags, problems } = parseFlags(args);
  for (const name of flags.keys()) if (!required.includes(name)) problems.push(`unknown flag --${name}`);
  for (const name of required) if (!flags.get(name)) problems.push(`--${name} is required`);
  if (!problems.length) return flags;
  io.err(`${problems.join('; ')}\n${usage}`);
  return null;
}

/**
 * Registers a platform administrator: the operator's way to the first one (and any other).
 * Running it again for the same subject reactivates a deactivated one, and otherwise changes nothing.
 */
export async function createPlatformAdminCommand(
  config: HublineConfig,
  args: string[],
  io: CommandOutput = STDIO,
): Promise<number> {
  const flags = flagsOf(args, ['subject', 'name'], CREATE_PLATFORM_ADMIN_USAGE, io);
  if (!flags) return 2;
  const subject = flags.get('subject')!;
  const displayName = flags.get('name')!.trim();
  if (!/^[^\s\u0000-\u001f]{1,200}$/.test(subject) || !/^[^\u0000-\u001f<>]{2,120}$/.test(displayName)) {
    io.err(
      'The subject must be 1 to 200 characters without spaces, and the name 2 to 120 characters without < > or control characters.',
    );
    return 2;
  }
  const platformAdminId = stableId('platform-admin', subject);
  return withHubContext(config, async (app) => {
    try {
      await app
        .get(CommandBus)
        .execute(
          new ChangePlatformAdmin(
            platformAdminId,
            { type: 'RegisterPlatformAdmin', platformAdminId, subject, displayName, now: new Date().toISOString() },
            operator('create-platform-admin'),
          ),
        );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code !== 'PLATFORM_ADMIN.ALREADY_REGISTERED') {
        io.err(
          `Refused (${error.code}): ${error.message}${error.code === 'USER.SUBJECT_TAKEN' ? ' A platform administrator needs a subject of their own.' : ''}`,
        );
        return 1;
      }
      await app
        .get(CommandBus)
        .execute(
          new ChangePlatformAdmin(
            platformAdminId,
            { type: 'ReactivatePlatformAdmin', now: new Date().toISOString() },
            operator('create-platform-admin'),
          ),
        );
      io.err(`${subject} was already registered as a platform administrator, and is active.`);
    }
    await app.get(ProjectionsService).waitForCatchUp(30_000);
    io.out(`Platform administrator ${displayName} (${subject}), id ${platformAdminId}.`);
    io.out('They may create partnerships and list them, and see nothing inside any partnership:');
    if (config.auth.mode === 'local') io.out(`  TOKEN=$(npm run -s token -- ${subject})`);
    io.out('  POST /platform/partnerships, GET /platform/partnerships   (or: npm run hubline -- create-partnership)');
    return 0;
  });
}

/** Deactivates a platform administrator: their tokens stop working at once. */
export async function deactivatePlatformAdminCommand(
  config: HublineConfig,
  args: string[],
  io: CommandOutput = STDIO,
): Promise<number> {
  const flags = flagsOf(args, ['subject', 'reason'], DEACTIVATE_PLATFORM_ADMIN_USAGE, io);
  if (!flags) return 2;
  const subject = flags.get('subject')!;
  return withHubContext(config, async (app) => {
    const [row]: Array<{ platform_admin_id: string }> = await app
      .get(DataSource)
      .query('SELECT platform_admin_id FROM identity.platform_admins WHERE subject = $1', [subject]);
    if (!row) {
      io.err(`No platform administrator has the subject ${subject}.`);
      return 1;
    }
    await app
      .get(CommandBus)
      .execute(
        new ChangePlatformAdmin(
          row.platform_admin_id,
          { type: 'DeactivatePlatformAdmin', reason: flags.get('reason')!, now: new Date().toISOString() },
          operator('deactivate-platform-admin'),
        ),
      );
    await app.get(ProjectionsService).waitForCatchUp(30_000);
    io.out(`Platform administrator ${subject} is deactivated.`);
    return 0;
  });
}
