import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { HublineConfig } from '@hubline/config';
import { seedPartnership, THURROCK } from '@hubline/demo';
import { ProjectionsService } from '@hubline/projections';
import { HubModule } from '../../hub/src/hub.module';
import { databaseForCommand } from './database-for-command';

/** Seeds the demo partnership (idempotent: running it again adds nothing). */
export async function seedCommand(config: HublineConfig): Promise<number> {
  const database = await databaseForCommand(config);
  const app = await NestFactory.createApplicationContext(HubModule.register({ config: { ...config, logLevel: 'warn' }, databaseUrl: database.url }), { logger: ['error', 'warn'] });
  try {
    await app.init();
    const seeded = await seedPartnership(app.get(CommandBus), THURROCK);
    await app.get(ProjectionsService).waitForCatchUp(60_000);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`Seeded ${THURROCK.name}: ${Object.keys(seeded.agencies).length} agencies, ${Object.keys(seeded.localities).length} localities, ${Object.keys(seeded.wards).length} wards.`);
    out('Demo users (subject: roles):');
    for (const u of THURROCK.users) out(`  ${u.subject.padEnd(36)} ${u.roles.join(', ')}`);
    out('\nGet a token for one of them and call the API, e.g.:');
    out('  TOKEN=$(npm run -s token -- pc.okafor@essex-police.demo)');
    out('  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/partnership');
    return 0;
  } finally {
    await app.close();
    await database.stop();
  }
}
