import { candidateNames, narrativesOf, reviewNarrative } from './narrative-review';

const spans = (text: string, names: string[] = []) =>
  reviewNarrative(text, new Set(names)).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('reviewing a narrative for third parties', () => {
  it('flags a house number, an address and a postcode, each with its span', () => {
    expect(spans('Neighbour at no. 24 identified')).toEqual([['house_number', 'no. 24']]);
    expect(spans('Seen outside 12 Orsett Road, RM17 6SL, at night')).toEqual([
      ['address', '12 Orsett Road'],
      ['postcode', 'RM17 6SL'],
    ]);
    expect(spans('moved to Flat 3 in Heron Court')).toEqual([
      ['house_number', 'Flat 3'],
      ['address', 'Heron Court'],
    ]);
    expect(spans('postcode rm176sl given')).toEqual([['postcode', 'rm176sl']]);
  });

  it("flags the words the register holds as someone else's name, and nothing else", () => {
    const text = 'Harriet says Ivor Pendleford and his brother shout at her';
    expect(spans(text, ['Ivor', 'Pendleford'])).toEqual([
      ['name_in_register', 'Ivor'],
      ['name_in_register', 'Pendleford'],
    ]);
    expect(spans(text)).toEqual([]);
    expect(candidateNames("Harriet told O'Brien and Smith-Jones")).toEqual(['Harriet', "O'Brien", 'Smith-Jones']);
  });

  it('leaves plain text unflagged', () => {
    expect(spans('Repeated shouting and banging on the front door late at night for weeks')).toEqual([]);
  });

  it('finds every narrative field of the export with its path, and nothing else', () => {
    const cases = [
      {
        category: 'asb',
        aboutTheVictim: { incidentSummary: 'A', multiAgencyReason: 'B', band: 'high' },
        history: [{ type: 'closed', note: 'C' }, { type: 'accepted' }],
        actions: [{ kind: 'warning_letter', description: 'D', outcome: null }],
        discussions: [{ notes: 'E', decisions: ['x'] }],
      },
    ];
    expect(narrativesOf(cases, 'lagCases')).toEqual([
      { path: 'lagCases[0].aboutTheVictim.incidentSummary', text: 'A' },
      { path: 'lagCases[0].aboutTheVictim.multiAgencyReason', text: 'B' },
      { path: 'lagCases[0].history[0].note', text: 'C' },
      { path: 'lagCases[0].actions[0].description', text: 'D' },
      { path: 'lagCases[0].discussions[0].notes', text: 'E' },
    ]);
  });
});
