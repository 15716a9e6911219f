export { ServiceModule, PLATFORM_MIGRATIONS, type ServiceOptions } from './service.module';
export { runService } from './run-service';
