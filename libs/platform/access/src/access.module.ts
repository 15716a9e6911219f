import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { AuthGuard } from './authentication/auth.guard';
import { RouteRolesCheck } from './authentication/route-roles.check';
import { createTokenVerifier, TOKEN_VERIFIER, TokenKeyStartUpCheck } from './authentication/token-verifier';
import { ConsultationLog } from './consultation/consultation-log';
import { ConsultationsProjection } from './consultation/consultations.projection';
import { PersonalDataPolicy } from './policy/personal-data-policy';
import { PersonAgenciesProjection } from './policy/person-agencies.projection';

/**
 * Authentication (global guard, deny by default), the personal-data policy, and the consultation
 * log. The identity context must provide USER_DIRECTORY.
 */
@Global()
@Module({})
export class AccessModule {
  static forRoot(): DynamicModule {
    return {
      module: AccessModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          inject: [HUBLINE_CONFIG],
          useFactory: (config: HublineConfig) => createTokenVerifier(config),
        },
        TokenKeyStartUpCheck,
        { provide: APP_GUARD, useClass: AuthGuard },
        RouteRolesCheck,
        PersonalDataPolicy,
        ConsultationLog,
      ],
      exports: [PersonalDataPolicy, ConsultationLog, TOKEN_VERIFIER],
    };
  }
}

/** Projections the access context owns; an app lists them in ProjectionsModule. */
export const ACCESS_PROJECTIONS = [PersonAgenciesProjection, ConsultationsProjection];
