/**
 * The partnership's calendar: London calendar days, ISO checks and date arithmetic, as pure
 * functions on strings, for domain code and the HTTP edge alike. No NestJS, no I/O, no clock:
 * callers pass the instant or day they mean.
 */
export { PARTNERSHIP_TIME_ZONE, isIsoDate, londonDay, addDays, addYears, daysBetween } from './calendar-day';
export { isIsoInstant, instantMs, normaliseInstant, instantDaysBefore, instantMonthsBefore } from './instant';
export {
  isBankHoliday,
  bankHolidayName,
  isWorkingDay,
  addWorkingDays,
  workingDaysBetween,
  addMonths,
  BANK_HOLIDAY_YEARS,
} from './working-days';
export { CalendarError, CALENDAR_ERRORS } from './calendar-errors';
