import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { HublineConfig } from '@hubline/config';
import { actorOf, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import { ProjectionsService } from '@hubline/projections';
import { HubModule } from '../../hub/src/hub.module';
import { databaseForCommand } from './database-for-command';

/** Seeds the demo partnership (idempotent: running it again adds nothing). */
export async function seedCommand(config: HublineConfig): Promise<number> {
  const database = await databaseForCommand(config);
  const app = await NestFactory.createApplicationContext(HubModule.register({ config: { ...config, logLevel: 'warn' }, databaseUrl: database.url }), { logger: ['error', 'warn'] });
  try {
    await app.init();
    const commands = app.get(CommandBus);
    const seeded = await seedPartnership(commands, THURROCK);
    const registrars = ['pc.okafor@essex-police.demo', 'lag.chair@thurrock.demo', 'panel.housing@thurrock.demo'].map((s) => actorOf(THURROCK, seeded, s));
    const people = await seedPeople(commands, seeded, registrars, 300);
    await app.get(ProjectionsService).waitForCatchUp(120_000);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(`Seeded ${THURROCK.name}: ${Object.keys(seeded.agencies).length} agencies, ${Object.keys(seeded.localities).length} localities, ${Object.keys(seeded.wards).length} wards, ${people.length} people (invented).`);
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
