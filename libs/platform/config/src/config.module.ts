import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { HublineConfig } from './hubline-config';

export const HUBLINE_CONFIG = Symbol('HUBLINE_CONFIG');

/** Makes the validated configuration injectable (`@Inject(HUBLINE_CONFIG)`, or ConfigService). */
@Global()
@Module({})
export class HublineConfigModule {
  static forRoot(config: HublineConfig): DynamicModule {
    return {
      module: HublineConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ hubline: config })] })],
      providers: [{ provide: HUBLINE_CONFIG, useValue: config }],
      exports: [HUBLINE_CONFIG, ConfigModule],
    };
  }
}
