export { eventually } from './eventually';
export { createTestDatabase, testServerUrl } from './test-database';
