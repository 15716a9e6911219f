import 'reflect-metadata';
import { ConfigurationError, loadConfig, type HublineConfig } from '@hubline/config';
import { openRuntimeDatabase } from '@hubline/database';
import { createHttpApp, serveUntilStopped } from '@hubline/http';
import { LagReferralsServiceModule } from './lag-referrals.module';

const say = (message: string) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), service: 'lag-referrals', message })}\n`);

/** Starts the Locality Action Group service. With no DATABASE_URL it runs on an embedded PostgreSQL. */
async function main(): Promise<void> {
  let config: HublineConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`Hubline LAG service cannot start: ${error.message}\n`);
    process.exit(2);
  }
  const database = await openRuntimeDatabase(config, say);
  try {
    const app = await createHttpApp(LagReferralsServiceModule.register({ config, databaseUrl: database.url }), {
      title: 'Hubline: Locality Action Groups',
      description: 'Referrals of high-risk ASB and hate crime victims, LAG meetings and action plans: every route, the roles that may call it, and its problem responses.',
    });
    await serveUntilStopped(app, { host: config.http.host, port: config.http.port, afterClose: () => database.stop(), log: say });
  } catch (error) {
    await database.stop();
    throw error;
  }
  say(`listening on http://${config.http.host}:${config.http.port} (API docs at /docs, readiness at /health/ready)`);
}

main().catch((error) => {
  process.stderr.write(`Hubline LAG service failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
