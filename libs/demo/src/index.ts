export { seedPartnership, type PartnershipSpec, type SeededPartnership } from './reference-data';
export { THURROCK } from './thurrock';
export { stableId } from './stable-id';
