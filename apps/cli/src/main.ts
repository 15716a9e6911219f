import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '@hubline/config';
import { argumentProblems } from './command-arguments';
import { createPartnershipCommand } from './create-partnership.command';
import { createPlatformAdminCommand, deactivatePlatformAdminCommand } from './platform-admin.command';
import { rebuildCommand } from './rebuild.command';
import { seedCommand } from './seed.command';
import { tokenCommand } from './token.command';
import { turnKeyEpochCommand } from './turn-key-epoch.command';
import { auditPublicKeyCommand, verifyCommand } from './verify.command';

const HELP = `Hubline commands (run with npm run <command> -- <arguments>):
  token <subject> [--minutes=60]   mint a short-lived token for a registered user (embedded default)
  seed                             add the demo partnership (Thurrock) and its users
  create-platform-admin --subject <subject> --name <display name>
                                   register a platform administrator (creates and lists partnerships only)
  deactivate-platform-admin --subject <subject> --reason <why>
                                   stop a platform administrator's tokens working
  create-partnership --name <name> [--area <area>] --agency <name> --agency-kind <kind>
                     --admin-subject <subject> --admin-name <display name>
                                   create a partnership, its first agency and its first
                                   partnership administrator; a name already taken is refused
  verify [--stream=<stream id>] [--public-key=<PEM file>]
                                   check every stream's hash chain and every signed checkpoint;
                                   exit code 3 if something is broken
  audit-public-key                 print the public key that verifies signed checkpoints (for auditors)
  rebuild <read model>|all         rebuild read models from the whole log into new tables while the old ones
                                   serve, showing progress, and switch to them once caught up
  turn-key-epoch                   turn the key epoch now: re-wrap every data key under a new epoch key and
                                   destroy the old one, so erased people's keys left in backups open nothing
`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const problems = command ? argumentProblems(command, args) : [];
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\nNothing was done.\n\n${HELP}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  switch (command) {
    case 'token':
      return tokenCommand(config, args);
    case 'seed':
      return seedCommand(config);
    case 'create-platform-admin':
      return createPlatformAdminCommand(config, args);
    case 'deactivate-platform-admin':
      return deactivatePlatformAdminCommand(config, args);
    case 'create-partnership':
      return createPartnershipCommand(config, args);
    case 'verify':
      return verifyCommand(config, args);
    case 'audit-public-key':
      return auditPublicKeyCommand(config);
    case 'rebuild':
      return rebuildCommand(config, args);
    case 'turn-key-epoch':
      return turnKeyEpochCommand(config);
    default:
      process.stderr.write(HELP);
      return command ? 2 : 0;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
