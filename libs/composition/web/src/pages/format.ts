const LONDON = 'Europe/London';

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one, and a list
// page formats hundreds of dates.
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const SHORT_DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: LONDON,
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: LONDON,
});

/** A date or time as GOV.UK writes them: 5 December 2026, 5 December 2026 at 2:30pm. */
export function formatDate(value: string | null | undefined, type = 'date'): string {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const time = () => TIME.format(date).replace(' ', '').toLowerCase();
  switch (type) {
    case 'datetime':
      return `${DAY.format(date)} at ${time()}`;
    case 'shortdatetime':
      return `${SHORT_DAY.format(date)} at ${time()}`;
    case 'shortdate':
      return SHORT_DAY.format(date);
    case 'time':
      return time();
    default:
      return DAY.format(date);
  }
}

/** A code such as `acceptable_behaviour_contract` or `VictimReferred` as words: "Acceptable behaviour contract". */
export function words(code: string | null | undefined): string {
  if (!code) return '';
  const text = code
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
