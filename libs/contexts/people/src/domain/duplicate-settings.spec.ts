import { deciderSpec } from '@hubline/testing';
import {
  decideDuplicateSettings,
  DEFAULT_DUPLICATE_SETTINGS,
  evolveDuplicateSettings,
  type ChangeDuplicateSettings,
  type DuplicateSettings,
  type DuplicateSettingsEvent,
} from './duplicate-settings';

const settings = deciderSpec<ChangeDuplicateSettings, DuplicateSettings, DuplicateSettingsEvent>({
  decide: decideDuplicateSettings,
  evolve: evolveDuplicateSettings,
  initialState: DEFAULT_DUPLICATE_SETTINGS,
});
const change = (nameSimilarity: number, showLowConfidence = true): ChangeDuplicateSettings => ({
  type: 'ChangeDuplicateSettings',
  partnershipId: 'p1',
  nameSimilarity,
  showLowConfidence,
  changedByUserId: 'u1',
  now: '2026-12-05T10:00:00.000Z',
});

describe('the duplicate check settings', () => {
  it('changes the threshold within 0.85 to 0.95, recording what it replaced', () => {
    settings
      .given()
      .when(change(0.9, false))
      .then([
        {
          type: 'DuplicateCheckSettingsChanged',
          data: {
            partnershipId: 'p1',
            nameSimilarity: 0.9,
            showLowConfidence: false,
            previous: { nameSimilarity: 0.88, showLowConfidence: true },
            changedByUserId: 'u1',
            changedAt: '2026-12-05T10:00:00.000Z',
          },
        },
      ]);
  });

  it('refuses a threshold out of bounds or finer than hundredths', () => {
    for (const t of [0.84, 0.96, 0, 1, 0.905, Number.NaN])
      settings.given().when(change(t)).thenThrows('PEOPLE_SETTINGS.OUT_OF_BOUNDS');
    settings
      .given()
      .when(change(0.85))
      .then((events) => expect(events).toHaveLength(1));
    settings
      .given()
      .when(change(0.95))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('appends nothing when the settings are already in force', () => {
    settings.given().when(change(0.88)).thenNothing();
    settings
      .given(...settings.history(change(0.9, false)))
      .when(change(0.9, false))
      .thenNothing();
  });
});
