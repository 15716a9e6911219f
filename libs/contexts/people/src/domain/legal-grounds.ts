/**
 * Why a person's record may be erased. Codes are stored in PersonForgotten; the descriptions are
 * the plain-language meaning shown in the API documentation.
 */
export const LEGAL_GROUNDS = {
  uk_gdpr_art17_1_a: 'UK GDPR Art 17(1)(a): the data is no longer needed for the purpose it was collected for.',
  uk_gdpr_art17_1_b: 'UK GDPR Art 17(1)(b): the person withdrew consent and there is no other lawful basis.',
  uk_gdpr_art17_1_c:
    'UK GDPR Art 17(1)(c): the person objected and there is no overriding legitimate ground to continue.',
  uk_gdpr_art17_1_d: 'UK GDPR Art 17(1)(d): the data was processed unlawfully.',
  uk_gdpr_art17_1_e: 'UK GDPR Art 17(1)(e): the law requires the data to be erased.',
  uk_gdpr_art17_1_f: 'UK GDPR Art 17(1)(f): the data was collected from a child for an online service.',
  dpa_2018_s47:
    'DPA 2018 s.47 (law-enforcement processing): keeping the data would breach the data protection principles, or the law requires erasure.',
  retention_period_expired: 'The retention period set for this record has ended.',
} as const;

export type LegalGround = keyof typeof LEGAL_GROUNDS;
export const LEGAL_GROUND_CODES = Object.keys(LEGAL_GROUNDS) as LegalGround[];

export const isLegalGround = (value: string): value is LegalGround =>
  Object.prototype.hasOwnProperty.call(LEGAL_GROUNDS, value);
