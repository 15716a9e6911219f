/**
 * `months` calendar months after a `YYYY-MM-DD` day (before, when negative), clamped to the
 * month's last day: 31 August minus six months is 28 (or 29) February. The same rule as the
 * calendar library's month arithmetic for days.
 */
export function addCalendarMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
