import type { PartnershipSpec } from './reference-data';

/**
 * A partnership modelled on Thurrock's Community Safety Partnership and its Community Safety
 * Hub: the partner agencies named in its board minutes, the localities its Locality Action Groups
 * cover, their wards, and one demo user per role. People's names are invented.
 */
export const THURROCK: PartnershipSpec = {
  name: 'Thurrock Community Safety Partnership',
  area: 'Thurrock',
  agencies: [
    { key: 'police', name: 'Essex Police', kind: 'police' },
    { key: 'asb', name: 'Thurrock Council Community Safety and ASB Team', kind: 'local_authority' },
    { key: 'housing', name: 'Thurrock Council Housing', kind: 'housing_provider' },
    { key: 'yos', name: 'Thurrock Youth Offending Service', kind: 'youth_offending' },
    { key: 'publicHealth', name: 'Thurrock Council Public Health', kind: 'health' },
    { key: 'fire', name: 'Essex County Fire and Rescue Service', kind: 'fire_and_rescue' },
    { key: 'probation', name: 'The Probation Service', kind: 'probation' },
    { key: 'icb', name: 'Mid and South Essex Integrated Care Board', kind: 'health' },
    { key: 'cvs', name: 'Thurrock Council for Voluntary Services', kind: 'voluntary' },
    { key: 'sericc', name: 'South Essex Rape and Incest Crisis Centre', kind: 'voluntary' },
    { key: 'pfcc', name: 'Office of the Essex Police, Fire and Crime Commissioner', kind: 'policing_body' },
  ],
  localities: [
    {
      name: 'Grays',
      wards: ['Grays Riverside', 'Grays Thurrock', 'Little Thurrock Blackshots', 'Little Thurrock Rectory'],
    },
    { name: 'Tilbury', wards: ['Tilbury Riverside and Thurrock Park', 'Tilbury St Chads', 'Chadwell St Mary'] },
    { name: 'Ockendon', wards: ['South Ockendon', 'Belhus', 'Ockendon', 'Aveley and Uplands'] },
    { name: 'Chafford', wards: ['Chafford and North Stifford', 'West Thurrock and South Stifford', 'Stifford Clays'] },
    {
      name: 'Stanford and Corringham',
      wards: ['Stanford East and Corringham Town', 'Stanford-le-Hope West', 'Corringham and Fobbing'],
    },
  ],
  users: [
    {
      subject: 'admin@thurrock.demo',
      displayName: 'Dana Whitfield (CSP manager)',
      agency: 'asb',
      roles: ['partnership_admin'],
    },
    {
      subject: 'pc.okafor@essex-police.demo',
      displayName: 'PC Grace Okafor',
      agency: 'police',
      roles: ['practitioner'],
    },
    {
      subject: 'lag.chair@thurrock.demo',
      displayName: 'Sam Patel (LAG chair)',
      agency: 'asb',
      roles: ['lag_chair', 'practitioner'],
    },
    {
      subject: 'asb.officer@thurrock.demo',
      displayName: 'Kai Mensah (ASB officer)',
      agency: 'asb',
      roles: ['practitioner'],
    },
    {
      subject: 'case.review@thurrock.demo',
      displayName: 'Morgan Hale (case review coordinator)',
      agency: 'asb',
      roles: ['case_review_coordinator'],
    },
    {
      subject: 'panel.chair@thurrock.demo',
      displayName: 'Ruth Adeyemi (independent Case Review panel chair)',
      agency: 'cvs',
      roles: ['panel_member'],
    },
    {
      subject: 'panel.housing@thurrock.demo',
      displayName: 'Alex Byrne (housing)',
      agency: 'housing',
      roles: ['panel_member', 'practitioner'],
    },
    {
      subject: 'auditor@thurrock.demo',
      displayName: 'Priya Shah (information governance)',
      agency: 'asb',
      roles: ['auditor'],
    },
    {
      subject: 'reviews@essex-pfcc.demo',
      displayName: 'Jordan Reeve (PFCC case review officer)',
      agency: 'pfcc',
      roles: ['pfcc_reviewer'],
    },
    {
      subject: 'station.officer@essex-fire.demo',
      displayName: 'Chris Dunn (fire prevention)',
      agency: 'fire',
      roles: ['practitioner'],
    },
    {
      subject: 'safeguarding@mse-icb.demo',
      displayName: 'Lee Morgan (ICB safeguarding lead)',
      agency: 'icb',
      roles: ['practitioner'],
    },
    {
      subject: 'support@thurrock-cvs.demo',
      displayName: 'Jamie Cole (community support, CVS)',
      agency: 'cvs',
      roles: ['practitioner'],
    },
  ],
};
