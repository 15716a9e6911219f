import type { ActionInput, ReferralDecision, ReferVictimInput } from '@hubline/lag';

/**
 * Invented case narratives for the demo LAGs, in the register of LAG minutes: the behaviour
 * Thurrock's partnership reports name (neighbour nuisance, groups gathering, off-road bikes, drug
 * dealing, criminal damage, targeted abuse) and the tools its partners use. No real person,
 * address or case is described.
 */

type Characteristic = ReferVictimInput['protectedCharacteristics'][number];
type Close = Extract<ReferralDecision, { type: 'close' }>;
type DeclineReason = Extract<ReferralDecision, { type: 'decline' }>['reason'];
export type AgencyKey = 'police' | 'asb' | 'housing' | 'yos' | 'publicHealth' | 'fire' | 'probation' | 'cvs';

export const ASB_INCIDENTS = [
  'Loud music and shouting from the flat above most nights until 3am; when the victim knocked to complain they were sworn at and threatened on the stairs.',
  "A group of teenagers gathers outside the victim's home in the evenings, kicking a ball against the windows, ringing the doorbell and filming the reaction.",
  "Off-road motorbikes and e-scooters are ridden across the green and along the pavement outside the victim's house; two near misses with the victim's grandchildren.",
  'Visitors call at the neighbouring flat at all hours and the victim believes drugs are sold from it; needles and foil have been left in the shared stairwell.',
  "The victim's car tyres were slashed twice and the fence kicked in after the victim reported the neighbours' dog fouling the communal garden.",
  "Rubbish has been tipped over the victim's fence repeatedly and the wheelie bin set alight beside the back door.",
  'The victim is shouted at and called names each time they leave the house; eggs and stones have been thrown at the windows.',
  "Youths drink in the alleyway behind the parade and urinate against the victim's back gate; they threatened the victim when asked to move on.",
  "Banging on the shared wall, doors slammed and furniture dragged at night; the victim has been threatened in the car park by the neighbour's partner.",
  "A neighbour's visitors park across the victim's drive and rev engines late at night; after the victim complained, their car was scratched along its length.",
];

export const HATE_INCIDENTS: Record<Characteristic, string[]> = {
  race: [
    'The victim and their family are racially abused by a neighbour whenever they use the shared path; racist graffiti was sprayed on their front door last week.',
    'Racist comments are shouted at the victim by a group on the estate; the car windscreen was smashed and a note left telling the family to leave.',
  ],
  religion: [
    'The victim was spat at and their headscarf pulled on the way home from the shops; leaflets abusing their faith have been pushed through the letterbox.',
    'Abuse is shouted at the victim about their faith on the way to worship; the windows of their home were egged on two Friday evenings running.',
  ],
  sexual_orientation: [
    'The victim and their partner are called homophobic names by a group of neighbours; a slur was scratched into the paintwork of their car.',
    'The victim has been followed home and abused because of their sexual orientation; the front door has been kicked and post interfered with.',
  ],
  disability: [
    'The victim has a learning disability; local young people befriended the victim, use the flat to drink and take money on benefit days.',
    'The victim uses a wheelchair and is mocked and blocked in the lift by neighbours; the access ramp was damaged and the carers have been abused.',
  ],
  transgender_identity: [
    'The victim, who is transgender, is abused in the street and online by neighbours who have posted the address; a brick was thrown at the window.',
  ],
  alternative_subculture: [
    'The victim has been abused and pushed over by a group because of the way they dress; the victim has stopped going into town.',
  ],
  sex: [
    'The victim is harassed with sexual comments by a group of men outside the parade each evening; one has followed the victim home twice.',
  ],
};

export const MULTI_AGENCY_REASONS = [
  'Police warnings alone have not stopped it and the victim is isolated and frightened; housing and the council need to act on the tenancy together.',
  "The behaviour has gone on for months across several agencies' reports; no single agency has the powers to stop it.",
  "The victim's mental health is deteriorating and they have stopped leaving the home; they need support as well as enforcement.",
  'The incidents are escalating and the perpetrators are young people known to several services; a joined-up plan is needed.',
  'Repeated reports to police and housing have not resolved it and the victim has asked to move; partners need to agree who does what.',
];

export const JUDGEMENT_REASONS = [
  'The victim told the referring officer of thoughts of ending their life; the score does not show how close to crisis the victim is.',
  'The perpetrator has a history of violence and was recently released; the score understates the risk of escalation.',
  'The victim is isolated and unlikely to report further incidents; the score rests on what is known, which is not everything.',
  'Children in the home are too frightened to sleep in their rooms; the referrer considers the case riskier than its score.',
];

export const DECLINES: Array<{ reason: DeclineReason; note: string }> = [
  {
    reason: 'criteria_not_met',
    note: 'A single incident with no vulnerability identified; the neighbourhood policing team will manage it. Re-refer if it continues.',
  },
  {
    reason: 'managed_by_another_process',
    note: 'Domestic abuse within the household: referred to MARAC, which will lead the safety plan.',
  },
  {
    reason: 'insufficient_information',
    note: 'The risk assessment is incomplete and the victim has not been spoken to; please complete it and re-refer.',
  },
];

/** The partners' tools: who uses each, whom it is about, and what came of it. */
export interface Play {
  kind: ActionInput['kind'];
  owner: AgencyKey;
  about: 'perpetrator' | 'victim' | 'place';
  /** First response, or escalation at a review when the first did not work. */
  stage: 'first' | 'escalate';
  asbOnly?: true;
  text: string;
  outcomes: string[];
}

export const PLAYBOOK: Play[] = [
  {
    kind: 'warning_letter',
    owner: 'housing',
    about: 'perpetrator',
    stage: 'first',
    text: 'Hand-deliver a tenancy warning letter and visit to go through the conditions of tenancy.',
    outcomes: [
      'Letter delivered and discussed with the tenant; one further report since.',
      'Letter delivered; the tenant acknowledged it and reports have stopped.',
    ],
  },
  {
    kind: 'warning_letter',
    owner: 'police',
    about: 'perpetrator',
    stage: 'first',
    text: 'Deliver a police warning letter setting out the reports and what happens if they continue.',
    outcomes: ['Warning delivered in person; no further reports against the recipient.'],
  },
  {
    kind: 'acceptable_behaviour_contract',
    owner: 'yos',
    about: 'perpetrator',
    stage: 'first',
    text: 'Meet the young person and a parent to agree an acceptable behaviour contract for six months.',
    outcomes: [
      'Contract signed with a parent present; no breaches reported so far.',
      'Contract agreed; one minor breach dealt with at a review meeting.',
    ],
  },
  {
    kind: 'acceptable_behaviour_contract',
    owner: 'asb',
    about: 'perpetrator',
    stage: 'first',
    asbOnly: true,
    text: 'Agree an acceptable behaviour contract with the neighbour, with support to keep to it.',
    outcomes: ['Contract signed; the neighbour has kept to it for a month.'],
  },
  {
    kind: 'community_protection_warning',
    owner: 'asb',
    about: 'perpetrator',
    stage: 'first',
    text: 'Issue a Community Protection Warning for the noise and intimidation; check compliance in four weeks.',
    outcomes: ['Warning issued in person; compliance checked and no further reports.'],
  },
  {
    kind: 'community_protection_warning',
    owner: 'police',
    about: 'perpetrator',
    stage: 'first',
    asbOnly: true,
    text: 'Issue Community Protection Warnings to the riders identified from the footage.',
    outcomes: ['Warnings issued to two riders; the bikes have not been seen since.'],
  },
  {
    kind: 'mediation',
    owner: 'asb',
    about: 'perpetrator',
    stage: 'first',
    asbOnly: true,
    text: 'Offer both households mediation through the community mediation service.',
    outcomes: [
      'Both households attended a session and agreed quiet hours.',
      'The neighbour declined mediation; the victim has been told.',
    ],
  },
  {
    kind: 'community_protection_notice',
    owner: 'asb',
    about: 'perpetrator',
    stage: 'escalate',
    text: 'Serve a Community Protection Notice following the breach of the warning.',
    outcomes: [
      'Notice served; a breach has been passed to legal for a fixed penalty.',
      'Notice served; no further breaches.',
    ],
  },
  {
    kind: 'civil_injunction',
    owner: 'housing',
    about: 'perpetrator',
    stage: 'escalate',
    text: 'Prepare the evidence file and apply for a civil injunction with an exclusion zone around the block.',
    outcomes: ['Interim injunction granted with an exclusion zone; the respondent has kept away from the block.'],
  },
  {
    kind: 'criminal_behaviour_order',
    owner: 'police',
    about: 'perpetrator',
    stage: 'escalate',
    text: 'Ask the CPS to apply for a Criminal Behaviour Order on conviction at the next hearing.',
    outcomes: ['Order made for two years at sentencing, with a ban on entering the estate.'],
  },
  {
    kind: 'closure_order',
    owner: 'police',
    about: 'perpetrator',
    stage: 'escalate',
    asbOnly: true,
    text: 'Serve a closure notice on the flat used for drug supply and apply for a three-month closure order.',
    outcomes: ['Closure order granted for three months; the property has been secured.'],
  },
  {
    kind: 'eviction',
    owner: 'housing',
    about: 'perpetrator',
    stage: 'escalate',
    text: 'Serve notice seeking possession on the absolute ground for anti-social behaviour.',
    outcomes: ['Possession order granted; the tenant has left the property.'],
  },
  {
    kind: 'support_referral',
    owner: 'cvs',
    about: 'victim',
    stage: 'first',
    text: 'Refer the victim to a befriending and practical support service through the CVS.',
    outcomes: ['Victim engaged and has a named volunteer.', 'Victim declined for now; the offer stays open.'],
  },
  {
    kind: 'support_referral',
    owner: 'publicHealth',
    about: 'victim',
    stage: 'first',
    text: 'Refer the victim, with consent, to community mental health and wellbeing support.',
    outcomes: ['Referral accepted; first appointment attended.'],
  },
  {
    kind: 'target_hardening',
    owner: 'fire',
    about: 'victim',
    stage: 'first',
    text: 'Home fire safety visit: fit a letterbox arson guard and linked smoke alarms.',
    outcomes: ['Visit completed; arson guard and alarms fitted and the victim says they sleep better.'],
  },
  {
    kind: 'target_hardening',
    owner: 'housing',
    about: 'victim',
    stage: 'first',
    text: 'Fit additional locks, a door chain and a video doorbell.',
    outcomes: ['Locks and doorbell fitted; footage has already been shared with police once.'],
  },
  {
    kind: 'pspo_fixed_penalty',
    owner: 'asb',
    about: 'place',
    stage: 'first',
    asbOnly: true,
    text: 'Patrol the car park and parade under the PSPO and issue fixed penalties for breaches.',
    outcomes: ['Four fixed penalties issued over the month; gatherings have reduced.'],
  },
  {
    kind: 'other',
    owner: 'police',
    about: 'place',
    stage: 'first',
    text: 'Increase evening patrols around the block and the alleyway for four weeks.',
    outcomes: ['Patrols on twelve evenings; two groups moved on and one arrest.'],
  },
  {
    kind: 'other',
    owner: 'asb',
    about: 'place',
    stage: 'first',
    text: 'Review the CCTV from the parade for the last month and identify those involved.',
    outcomes: ['Footage reviewed; three young people identified and passed to the youth offending service.'],
  },
  {
    kind: 'support_referral',
    owner: 'yos',
    about: 'perpetrator',
    stage: 'escalate',
    text: "Refer the young person to the youth offending service's prevention programme.",
    outcomes: ['Young person engaged with a caseworker; no further reports naming the young person.'],
  },
];

export const CANCELLED_BECAUSE = [
  'No longer needed: the perpetrator has moved out of the area.',
  'Superseded by the civil injunction.',
  'The victim asked for this not to go ahead.',
];

export const CLOSURES: Array<Pick<Close, 'reason' | 'outcomes' | 'outcomeNarrative'>> = [
  {
    reason: 'risk_reduced',
    outcomes: ['victim_feels_safer', 'incidents_reduced'],
    outcomeNarrative:
      'No incidents in the last month and the victim says they feel safer at home and know how to report anything new.',
  },
  {
    reason: 'action_plan_completed',
    outcomes: ['incidents_stopped', 'enforcement_in_place'],
    outcomeNarrative:
      'All actions completed; enforcement is in place and nothing has been reported since the order was made.',
  },
  {
    reason: 'perpetrator_moved',
    outcomes: ['incidents_stopped', 'victim_feels_safer'],
    outcomeNarrative: 'The perpetrator has moved out of the borough and the victim reports no further problems.',
  },
  {
    reason: 'victim_moved',
    outcomes: ['victim_rehoused', 'victim_supported'],
    outcomeNarrative:
      'The victim accepted a management transfer and has moved; their new housing officer continues the support.',
  },
  {
    reason: 'victim_disengaged',
    outcomes: ['victim_declined_support', 'no_improvement'],
    outcomeNarrative: 'The victim no longer wishes to engage with partners; police will respond to any new reports.',
  },
];

export const REOPEN_REASONS = [
  'The victim has reported new incidents since closure: the group is back in the stairwell and threats were made.',
  'Housing report that the perpetrator has moved back in with a relative next door and the abuse has started again.',
];

export const URGENT_REASON =
  'Violence has been used and the victim was threatened with worse this week; the next scheduled meeting is too far away.';

/** What each agency typically reports at a meeting, and what the victim has said. */
export const UPDATES: Partial<Record<AgencyKey, string[]>> & { victim: string[] } = {
  police: [
    'Police: two further calls since the last meeting; evening patrols increased.',
    'Police: no new crime reports; the neighbourhood team has visited the victim twice.',
    'Police: one suspect interviewed and released under investigation.',
    'Police: a crime report for criminal damage is with the investigating officer.',
  ],
  asb: [
    'ASB team: diary sheets received from the victim and a witness statement taken.',
    'ASB team: compliance visit made; the warning appears to be working.',
    'ASB team: noise monitoring equipment installed for two weeks.',
  ],
  housing: [
    'Housing: the tenancy officer has visited both households; a further report is being investigated.',
    'Housing: the victim is on the transfer list with priority.',
    'Housing: repairs to the communal door are booked.',
  ],
  yos: [
    'Youth offending: two of the young people seen in the area are known and working with caseworkers.',
    'Youth offending: nothing held on the young people named.',
  ],
  fire: [
    'Fire: home fire safety visit done; no further fire-setting reported.',
    'Fire: crews have cleared fly-tipped waste from the alleyway twice.',
  ],
  publicHealth: ['Public health: the victim has been offered wellbeing support through the GP.'],
  probation: ['Probation: one person named is on licence; the offender manager has been told.'],
  cvs: ['CVS: a volunteer befriender has been matched with the victim.'],
  victim: [
    'The victim says it is a little quieter but still does not go out after dark.',
    'The victim is frightened and finding it hard to sleep.',
    'The victim feels listened to and wants the plan to continue.',
    'The victim reports two more incidents and asks what else can be done.',
    'The victim has started keeping a diary and is sharing it with the ASB officer.',
    'The victim could not be reached before the meeting; the neighbourhood team will visit.',
  ],
};

export const DISCUSSION_OPENINGS = {
  new: 'New case presented by the referring agency; partners shared what they hold.',
  review: 'Case reviewed; owners reported on the actions agreed.',
  closing: 'Actions reviewed; partners agree the risk has fallen and the case can close.',
};
