import { DATA_CATEGORIES, type DataCategory } from '@hubline/access';

/**
 * The fixed vocabularies of information sharing. Events and read models hold these codes, never
 * free text, so the audit trail can be queried and holds no personal data.
 */

/**
 * What kinds of information about a person may be shared: the platform's one list, which the
 * personal-data policy also grants readers by (a field shown maps to one of these).
 */
export { DATA_CATEGORIES, type DataCategory };

/** UK GDPR Art 9 special-category data: needs Art 9(2)(g) and a DPA 2018 Sch 1 condition. */
export const SPECIAL_CATEGORIES: readonly DataCategory[] = ['health', 'special_category'];
/** UK GDPR Art 10 criminal offence data: needs a DPA 2018 Sch 1 condition (DPA 2018 s.10(5)). */
export const CRIMINAL_OFFENCE_CATEGORIES: readonly DataCategory[] = ['criminal_offence'];

/** Why information is shared (an agreement lists the purposes it allows; a consent the ones agreed to). */
export const SHARING_PURPOSES = [
  'lag_case_coordination',
  'asb_case_review',
  'safeguarding',
  'crime_and_disorder_reduction',
  'victim_support',
  'offender_management',
  'housing_management',
  'health_and_wellbeing',
] as const;
export type SharingPurpose = (typeof SHARING_PURPOSES)[number];

/**
 * Lawful bases and gateways an agreement may name:
 * - cda_1998_s115: Crime and Disorder Act 1998 s.115, power to disclose to relevant authorities;
 * - cda_1998_s17a: s.17A, duty to share depersonalised information;
 * - uk_gdpr_6_1_a consent, 6_1_c legal obligation, 6_1_d vital interests, 6_1_e public task;
 * - uk_gdpr_9_2_g: substantial public interest, for special-category data, with DPA 2018 Sch 1 conditions.
 */
export const LAWFUL_BASES = [
  'cda_1998_s115',
  'cda_1998_s17a',
  'uk_gdpr_6_1_a',
  'uk_gdpr_6_1_c',
  'uk_gdpr_6_1_d',
  'uk_gdpr_6_1_e',
  'uk_gdpr_9_2_g',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** The Art 6 bases: every agreement needs at least one (a statutory power alone is not a lawful basis). */
export const ARTICLE_6_BASES: readonly LawfulBasis[] = [
  'uk_gdpr_6_1_a',
  'uk_gdpr_6_1_c',
  'uk_gdpr_6_1_d',
  'uk_gdpr_6_1_e',
];

/**
 * Gateways a disclosure of personal data may rely on under an agreement. Consent has its own
 * basis kind (a recorded consent); s.17A is about depersonalised data and Art 9(2)(g) is a
 * condition for special categories, so neither is a gateway for disclosing a person's data.
 */
export const GATEWAYS = [
  'cda_1998_s115',
  'uk_gdpr_6_1_c',
  'uk_gdpr_6_1_d',
  'uk_gdpr_6_1_e',
] as const satisfies readonly LawfulBasis[];
export type Gateway = (typeof GATEWAYS)[number];

/** DPA 2018 Schedule 1 conditions (Part 1 para 2; Part 2 paras 6, 8, 10, 11, 17, 18). */
export const SCHEDULE_1_CONDITIONS = [
  'dpa_sch1_p2_health_social_care',
  'dpa_sch1_p6_statutory_purposes',
  'dpa_sch1_p8_equality',
  'dpa_sch1_p10_preventing_unlawful_acts',
  'dpa_sch1_p11_protecting_the_public',
  'dpa_sch1_p17_counselling',
  'dpa_sch1_p18_safeguarding',
] as const;
export type Schedule1Condition = (typeof SCHEDULE_1_CONDITIONS)[number];

/** How a consent was given, or a withdrawal made. */
export const CONSENT_METHODS = ['written', 'verbal', 'recorded_by_agency'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** Who gave consent on the person's behalf. */
export const RELATIONSHIPS = [
  'parent',
  'guardian',
  'carer',
  'family_member',
  'advocate',
  'attorney',
  'deputy',
  'professional',
  'elected_representative',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** What gives them the authority to consent for the person. */
export const AUTHORITIES = [
  'parental_responsibility',
  'lasting_power_of_attorney',
  'court_of_protection_deputy',
  'written_authority_of_person',
  'verbal_authority_of_person',
] as const;
export type Authority = (typeof AUTHORITIES)[number];

/** Cases a disclosure can be made in. */
export const CASE_TYPES = ['lag_referral', 'asb_case_review'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
