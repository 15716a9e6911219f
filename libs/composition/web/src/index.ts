import { CreateWebSessions1764900000000 } from './migrations/1764900000000-create-web-sessions';
import { AddProviderTokensToWebSessions1765000000000 } from './migrations/1765000000000-add-provider-tokens-to-web-sessions';

export { WebModule } from './web.module';
export { HubApi } from './hub-api';
export {
  WebSessions,
  SESSION_COOKIE,
  IDLE_TIMEOUT_MINUTES,
  ABSOLUTE_TIMEOUT_HOURS,
  TOUCH_EVERY_SECONDS,
} from './web-sessions';

export const WEB_MIGRATIONS = [CreateWebSessions1764900000000, AddProviderTokensToWebSessions1765000000000];
