import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { HublineConfig } from '@hubline/config';
import { HubModule } from '../../hub/src/hub.module';
import { databaseForCommand } from './database-for-command';

/**
 * Runs `work` in the hub's modules without HTTP, on the database a command works on: the same
 * command handlers as the API, and the projections (which stand by while a running hub keeps
 * them up to date).
 */
export async function withHubContext<T>(
  config: HublineConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await databaseForCommand(config);
  const logLevel = config.logLevel === 'silent' ? 'silent' : 'warn';
  try {
    const app = await NestFactory.createApplicationContext(
      HubModule.register({ config: { ...config, logLevel }, databaseUrl: database.url }),
      {
        logger: logLevel === 'silent' ? false : ['error', 'warn'],
      },
    );
    try {
      await app.init();
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}
