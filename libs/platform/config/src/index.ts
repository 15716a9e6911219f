export { loadConfig, ConfigurationError, type HublineConfig } from './hubline-config';
export { HublineConfigModule, HUBLINE_CONFIG } from './config.module';
