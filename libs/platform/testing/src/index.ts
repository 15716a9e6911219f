export { eventually } from './eventually';
export { createTestDatabase, testServerUrl } from './test-database';
export { deciderSpec, type Decider, type DeciderSpec } from './decider-spec';
