import { DomainError } from '@hubline/errors';

/**
 * A partnership's settings for the duplicate check on registration (decision 0025): how alike two
 * names must be to count as `name_similar`, and whether candidates of low confidence (a similar
 * name alone) are listed. Bounded so that no partnership can turn the check off or make every
 * registration a list of strangers: the threshold stays from 0.85 to 0.95, and a similar name with
 * the same date of birth, or any stronger evidence, is always listed.
 */
export const duplicateSettingsStream = (partnershipId: string) => `people-settings-${partnershipId}`;

export const NAME_SIMILARITY_BOUNDS = { min: 0.85, max: 0.95 } as const;

export type DuplicateSettings = { nameSimilarity: number; showLowConfidence: boolean };

export const DEFAULT_DUPLICATE_SETTINGS: DuplicateSettings = { nameSimilarity: 0.88, showLowConfidence: true };

export type DuplicateSettingsEvent = {
  type: 'DuplicateCheckSettingsChanged';
  data: {
    partnershipId: string;
    nameSimilarity: number;
    showLowConfidence: boolean;
    previous: DuplicateSettings;
    changedByUserId: string;
    changedAt: string;
  };
};

export type ChangeDuplicateSettings = {
  type: 'ChangeDuplicateSettings';
  partnershipId: string;
  nameSimilarity: number;
  showLowConfidence: boolean;
  changedByUserId: string;
  now: string;
};

export class DuplicateSettingsError extends DomainError {
  readonly code = 'PEOPLE_SETTINGS.OUT_OF_BOUNDS';
  readonly kind = 'invalid';
}

export function evolveDuplicateSettings(_state: DuplicateSettings, event: DuplicateSettingsEvent): DuplicateSettings {
  return { nameSimilarity: event.data.nameSimilarity, showLowConfidence: event.data.showLowConfidence };
}

/** A threshold within the bounds, in hundredths; setting what is in force appends nothing. */
export function decideDuplicateSettings(
  command: ChangeDuplicateSettings,
  state: DuplicateSettings,
): DuplicateSettingsEvent[] {
  const { min, max } = NAME_SIMILARITY_BOUNDS;
  const threshold = command.nameSimilarity;
  if (
    !Number.isFinite(threshold) ||
    threshold < min ||
    threshold > max ||
    Math.round(threshold * 100) !== threshold * 100
  )
    throw new DuplicateSettingsError(
      `The name similarity threshold is from ${min} to ${max}, in hundredths: lower lists strangers, higher misses misspellings.`,
      { min, max },
    );
  if (threshold === state.nameSimilarity && command.showLowConfidence === state.showLowConfidence) return [];
  return [
    {
      type: 'DuplicateCheckSettingsChanged',
      data: {
        partnershipId: command.partnershipId,
        nameSimilarity: threshold,
        showLowConfidence: command.showLowConfidence,
        previous: state,
        changedByUserId: command.changedByUserId,
        changedAt: command.now,
      },
    },
  ];
}
