import { CreateWebSessions1764900000000 } from './migrations/1764900000000-create-web-sessions';

export { WebModule } from './web.module';
export { WebSessions, SESSION_COOKIE, IDLE_TIMEOUT_MINUTES, ABSOLUTE_TIMEOUT_HOURS } from './web-sessions';

export const WEB_MIGRATIONS = [CreateWebSessions1764900000000];
