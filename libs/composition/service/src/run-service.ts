import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import { ConfigurationError, loadConfig, type HublineConfig } from '@hubline/config';
import { EmbeddedPostgresError, openRuntimeDatabase } from '@hubline/database';
import { StartUpRefusedError } from '@hubline/errors';
import { createHttpApp, createServiceLogger, logFormatFor, serveUntilStopped } from '@hubline/http';

/**
 * What every app's main.ts does: validate the configuration (exit 2 with every bad value named),
 * open the database (the embedded one when DATABASE_URL is absent), serve HTTP, and on SIGINT or
 * SIGTERM close the app before stopping the embedded database.
 */
export function runService(
  name: string,
  title: string,
  module: (config: HublineConfig, databaseUrl: string) => DynamicModule,
): void {
  const start = async () => {
    let config: HublineConfig;
    try {
      config = loadConfig();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      process.stderr.write(`Hubline ${name} cannot start: ${error.message}\n`);
      process.exit(2);
    }
    const logger = createServiceLogger({ service: name, level: config.logLevel, format: logFormatFor(config) });
    const say = (message: string) => logger.info(message);
    const database = await openRuntimeDatabase(config, say);
    try {
      const app = await createHttpApp(module(config, database.url), {
        title,
        description: `${title}: every route, the roles that may call it, and its problem responses.`,
        load: config.load,
      });
      await serveUntilStopped(app, {
        host: config.http.host,
        port: config.http.port,
        afterClose: () => database.stop(),
        log: say,
      });
      // The last line of start-up: everything before it has been logged, and requests are served.
      app.flushLogs();
    } catch (error) {
      await database.stop();
      throw error;
    }
    say(`listening on http://${config.http.host}:${config.http.port} (API docs at /docs, readiness at /health/ready)`);
  };
  start().catch((error) => {
    process.stderr.write(startUpFailure(name, error));
    process.exit(1);
  });
}

/** What a failed start prints: a cause the operator can act on is one line; anything else keeps its stack for the developer. */
export function startUpFailure(name: string, error: unknown): string {
  const detail =
    error instanceof EmbeddedPostgresError || error instanceof StartUpRefusedError
      ? error.message
      : error instanceof Error
        ? error.stack
        : String(error);
  return `Hubline ${name} failed to start: ${detail}\n`;
}
