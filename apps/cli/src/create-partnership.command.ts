import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import type { HublineConfig } from '@hubline/config';
import { DomainError } from '@hubline/errors';
import { OnboardPartnership, type OnboardingResult } from '@hubline/identity';
import { AGENCY_KINDS, type AgencyKind } from '@hubline/partnerships';
import { ProjectionsService } from '@hubline/projections';
import { parseFlags, STDIO, type CommandOutput } from './cli-flags';
import { withHubContext } from './hub-context';

export const CREATE_PARTNERSHIP_USAGE = `usage: npm run hubline -- create-partnership --name <name> [--area <area>]
         --agency <first agency's name> --agency-kind <${AGENCY_KINDS.join('|')}>
         --admin-subject <subject> --admin-name <display name>
  e.g. npm run hubline -- create-partnership --name "Basildon CSP" --area Basildon \\
         --agency "Basildon Borough Council" --agency-kind local_authority \\
         --admin-subject csp.admin@basildon.gov.uk --admin-name "Jo Bloggs"
  --admin-subject is the subject (sub) of the administrator's tokens, often their email address
  (--admin-email is the same flag).`;

/**
 * Creates a partnership with its first agency and its first partnership administrator, as a
 * platform administrator would over POST /platform/partnerships (the operator is the actor), and
 * prints the ids and what the administrator does next. A name another partnership has is refused
 * (exit code 1); a run an interruption left half-done is completed by running it again.
 */
export async function createPartnershipCommand(
  config: HublineConfig,
  args: string[],
  io: CommandOutput = STDIO,
): Promise<number> {
  const { flags, problems } = parseFlags(args);
  const known = new Set(['name', 'area', 'agency', 'agency-kind', 'admin-subject', 'admin-email', 'admin-name']);
  for (const name of flags.keys()) if (!known.has(name)) problems.push(`unknown flag --${name}`);
  const adminSubject = flags.get('admin-subject') ?? flags.get('admin-email');
  for (const [name, value] of [
    ['name', flags.get('name')],
    ['agency', flags.get('agency')],
    ['agency-kind', flags.get('agency-kind')],
    ['admin-subject', adminSubject],
    ['admin-name', flags.get('admin-name')],
  ]) {
    if (!value) problems.push(`--${name} is required`);
  }
  if (problems.length) {
    io.err(`${problems.join('; ')}\n${CREATE_PARTNERSHIP_USAGE}`);
    return 2;
  }
  const request = {
    name: flags.get('name')!,
    area: flags.get('area'),
    agencyName: flags.get('agency')!,
    agencyKind: flags.get('agency-kind') as AgencyKind,
    adminSubject: adminSubject!,
    adminDisplayName: flags.get('admin-name')!,
    now: new Date().toISOString(),
  };
  const metadata = { userId: 'operator', correlationId: `cli-create-partnership-${randomUUID()}` };

  return withHubContext(config, async (app) => {
    let result: OnboardingResult;
    try {
      result = await app.get(CommandBus).execute(new OnboardPartnership(request, metadata));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      io.err(`Refused (${error.code}): ${error.message}`);
      if (error.code === 'PARTNERSHIP.NAME_TAKEN')
        io.err('Nothing was changed. A platform administrator can list partnerships: GET /platform/partnerships.');
      return error.kind === 'invalid' ? 2 : 1;
    }
    // So that the administrator's token can be minted as soon as this returns.
    await app.get(ProjectionsService).waitForCatchUp(30_000);
    io.out(`Created the partnership ${result.name}.`);
    io.out(`  partnership id     ${result.partnershipId}`);
    io.out(`  first agency id    ${result.agencyId}  ${request.agencyName.trim()} (${request.agencyKind})`);
    io.out(`  administrator id   ${result.adminUserId}  subject ${result.adminSubject}, role partnership_admin`);
    io.out('');
    io.out('Next steps for the partnership administrator:');
    io.out(
      config.auth.mode === 'local'
        ? `  1. Get a token:   TOKEN=$(npm run -s token -- ${result.adminSubject})`
        : `  1. Sign in with the identity provider (${config.auth.issuer}) as ${result.adminSubject}.`,
    );
    io.out(
      '  2. Add the other agencies, localities and wards:   POST /partnership/agencies, POST /partnership/localities',
    );
    io.out('  3. Register the users of each agency:   POST /users {"subject", "displayName", "agencyId", "roles"}');
    io.out('  The API document at /docs describes each call.');
    return 0;
  });
}
