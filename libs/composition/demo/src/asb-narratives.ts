import type { AsbCategory } from '@hubline/asb-reports';

/**
 * Invented report narratives for the demo's year of ASB reports, in the register of a call
 * handler's or housing officer's log: what the caller says happened, in the third person. The
 * behaviour is what Thurrock's partnership reports name; no real person, address or case is
 * described.
 */

/** The Equality Act 2010 characteristics a hate report names (the ASB reports context's codes). */
export type HateCharacteristic =
  'age' | 'disability' | 'gender_reassignment' | 'race' | 'religion_belief' | 'sex' | 'sexual_orientation';

export const REPORT_NARRATIVES: Record<Exclude<AsbCategory, 'hate'>, string[]> = {
  personal: [
    'Caller says the neighbour at number 14 shouted threats through the letterbox last night after the caller asked for the music to be turned down. Caller is frightened to leave the house after dark.',
    "Caller reports a group of teenagers knocking on the door and running off, then filming the caller's reaction on their phones; the same group has done this several evenings this week.",
    "The reporter's car was keyed along both sides overnight; the reporter believes it is the neighbour's son, who made threats after a dispute over parking.",
    'Caller states the man in the flat below bangs on the ceiling and shouts abuse whenever the children move about; he confronted the caller on the stairs today and stood in their way.',
    'Eggs and stones thrown at the front windows at around 10pm; the reporter saw three youths run towards the park. Second time this month.',
    'The reporter is being called names in the street by two neighbours each time they go to the shops and has stopped taking the children to school on foot.',
    "Caller says someone has been ringing the doorbell repeatedly between 1am and 3am and leaving dog mess on the step; caller's elderly mother lives with them and is very distressed.",
    'The tenant reports that a neighbour has been posting abusive notes through the door about the tenant’s visitors and threatened to "sort them out".',
    'Caller was pushed and sworn at by a youth on a bike on the path by the flats after asking the group to stop riding at pedestrians.',
    'Reporter states the family next door have put their rubbish in the reporter’s garden and their dog has been set on the reporter’s cat; verbal abuse when challenged.',
    "Caller says an ex-partner's friends sit in a car outside the house most evenings and stare in; nothing has been said but the caller feels intimidated and watched.",
    'Reporter says young people have been using the communal stairwell to intimidate residents, blocking the way and demanding cigarettes and money.',
  ],
  nuisance: [
    'Loud music and shouting from the neighbouring flat until 4am, three nights running; the caller works early shifts and has not slept.',
    'Off-road motorbikes ridden at speed across the green behind the houses most evenings; a child was nearly hit on Sunday.',
    'A large group gathers at the parade shops after 9pm drinking and shouting; bottles smashed and customers and staff sworn at.',
    'Caller believes drugs are being dealt from the flat opposite: cars pull up for a few minutes at all hours and there is a strong smell of cannabis in the corridor.',
    'Youths gathering in the underpass, setting off fireworks at passers-by; the caller’s dog was terrified and slipped its lead.',
    'Reporter says a house party next door has run every weekend for a month, with guests urinating in the front garden and fighting in the street at closing time.',
    'E-scooters ridden through the shopping precinct at speed; an older shopper was knocked into a shop window this afternoon.',
    'Repeated revving of cars and wheel spins in the car park behind the flats between 11pm and 2am; residents cannot sleep.',
    'Caller reports constant barking and howling from a dog left alone in the flat above all day, and banging and shouting when the owner returns.',
    'Young people drinking in the alleyway behind the houses and climbing on garage roofs; a back gate was forced and a garden shed entered.',
  ],
  environmental: [
    'Mattresses, black bags and a broken sofa dumped at the end of the alleyway again; rats seen in the gardens backing onto it.',
    'Graffiti sprayed along the garage block and the side of the caller’s house overnight, some of it offensive.',
    'Caller says nitrous oxide canisters and broken glass are left every morning in the play area; children have cut their hands.',
    'The bin store of the block has been set alight twice this month and the communal door wedged open so people can sleep in the stairwell.',
    'A neighbour is running a car repair business from the street: vehicles left on the pavement, oil drained into the drain and engines tested late at night.',
    'Fly-tipped builders’ waste blocking the footpath by the allotments; the same van has been seen there twice.',
    'Dog fouling and litter across the communal garden; the residents’ notice board was pulled down and burned.',
    'Caller reports needles and drug paraphernalia left in the stairwell and lift of the block; residents are afraid to use the stairs.',
  ],
};

/** Hate incidents, by the characteristic the behaviour targeted. */
export const HATE_NARRATIVES: Record<HateCharacteristic, string[]> = {
  race: [
    'Caller and their family were racially abused by two neighbours on the shared path and told to "go back where you came from"; racist words were scratched into the car bonnet.',
    "Racist graffiti sprayed on the reporter's front door overnight; the reporter believes it is connected to abuse shouted at their children on the way home from school.",
    'The reporter was called racist names and spat at by a group outside the parade shops; a shop worker witnessed it.',
  ],
  religion_belief: [
    'Caller was followed from the mosque and had her headscarf pulled; the man shouted abuse about her faith before running off.',
    'Leaflets abusing the family’s religion pushed through the letterbox and the windows egged on Friday evening, the second week running.',
  ],
  sexual_orientation: [
    'The reporter and his partner were called homophobic names by neighbours as they left the house and a slur was written on their wheelie bin.',
    'Caller says she has been followed and abused in the street because she is gay; her front door was kicked on Saturday night.',
  ],
  disability: [
    'Caller, who has a learning disability, says local young people come into the flat, drink there and take money on benefit days; they mock the caller when the caller asks them to leave.',
    'The reporter uses a wheelchair and is repeatedly blocked in the lift and mocked by neighbours; the access ramp has been damaged again.',
  ],
  gender_reassignment: [
    'The reporter, who is transgender, has been abused in the street and online by people who have posted her address; a stone was thrown at her window.',
  ],
  sex: [
    'Caller is harassed with sexual comments by a group of men outside the takeaway each evening; one of them followed her home on Thursday.',
  ],
  age: [
    'An older resident is targeted by youths who knock on the windows at night, mock him through the door and have taken his mobility scooter for rides.',
  ],
};

/** Reports a business makes about its premises, staff and customers. */
export const BUSINESS_NARRATIVES = [
  'The shop reports a group of youths coming in most evenings, shoplifting drinks, swearing at staff and refusing to leave; a member of staff was pushed on Tuesday.',
  'Shop shutters sprayed with graffiti and the door lock glued overnight; the owner lost half a day’s trade and staff are nervous closing up.',
  'Young people gather outside the café after school, throwing food at the windows and intimidating customers; the manager was threatened when asking them to move.',
  'Bottles smashed against the shop front and the bins set alight behind the premises; the owner says it is the same group as last week.',
];

/** Reports a residents' or community group makes about its area. */
export const COMMUNITY_NARRATIVES = [
  'The residents’ association reports that off-road bikes are ridden across the recreation ground every evening; members have collected dates and times over two weeks.',
  'The association reports repeated fly-tipping and drug litter in the lane behind the parade and asks for the alley to be gated.',
  'Group members report that the allotment sheds were broken into and set alight; young people were seen climbing the fence at night.',
];

/** What the fire service's crews and community safety team report. */
export const FIRE_NARRATIVES = [
  'Crew attended a deliberate fire in the bin store of the block, the third this month; the resident who called it in says young people set them and shout abuse at residents.',
  'Deliberate fire set in the garden shed of the caller’s home; the caller believes it follows threats from a neighbour.',
  'Home safety visit: the resident reported fireworks pushed through the letterbox and mats set alight outside the door.',
];
