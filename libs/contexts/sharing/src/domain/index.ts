/** The pure information-sharing domain: agreements, consents, disclosures and their validity. */
export * from './codes';
export { SharingError, SHARING_ERRORS, type SharingErrorCode, type Validity } from './errors';
export * from './agreement';
export * from './consent';
export * from './disclosure';
export * from './case-sharing';
