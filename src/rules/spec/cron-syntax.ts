/**
 * Cron schedules as the CronJob API validation parses them (robfig/cron v3 ParseStandard, the parser the API
 * server uses): five fields of lists, ranges, steps and month/day names, or an @-descriptor. Anything with
 * `TZ` in it is refused on create (the timeZone field replaces TZ=/CRON_TZ= prefixes).
 */
interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));

const FIELDS: readonly { name: string; bounds: Bounds }[] = [
  { name: 'minute', bounds: { min: 0, max: 59 } },
  { name: 'hour', bounds: { min: 0, max: 23 } },
  { name: 'day of month', bounds: { min: 1, max: 31 } },
  { name: 'month', bounds: { min: 1, max: 12, names: MONTHS } },
  { name: 'day of week', bounds: { min: 0, max: 6, names: DAYS } },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'] as const;

/** Go's strconv.Atoi: optional sign, decimal digits, within int64 (we only need non-negative ones). */
function atoi(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `"${expr}" is not a number`;
  const n = Number(expr);
  if (n < 0) return `negative number (${expr}) not allowed`;
  return n;
}

function intOrName(expr: string, b: Bounds): number | string {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? atoi(expr);
}

function rangeProblem(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // The parser ignores anything after "*-": it is the whole range.
    start = b.min;
    end = b.max;
  } else {
    const s = intOrName(lowAndHigh[0]!, b);
    if (typeof s === 'string') return s;
    start = end = s;
    if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, b);
      if (typeof e === 'string') return e;
      end = e;
    } else if (lowAndHigh.length > 2) return `too many hyphens in "${expr}"`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = atoi(rangeAndStep[1]!);
    if (typeof s === 'string') return s;
    step = s;
    if (lowAndHigh.length === 1) end = b.max;
  } else if (rangeAndStep.length > 2) return `too many slashes in "${expr}"`;
  if (start < b.min) return `${start} is below the minimum ${b.min}`;
  if (end > b.max) return `${end} is above the maximum ${b.max}`;
  if (start > end) return `the range ${start}-${end} runs backwards`;
  if (step === 0) return 'a step must be a positive number';
  return undefined;
}

/** Go's time.ParseDuration, for `@every <duration>`. */
const DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Why `schedule` is not accepted by the CronJob API, or undefined when it is. */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule.includes('TZ')) return 'a time zone (TZ= or CRON_TZ=) is not allowed in the schedule';
  if (schedule.startsWith('@')) {
    if ((DESCRIPTORS as readonly string[]).includes(schedule)) return undefined;
    if (schedule.startsWith('@every ')) return DURATION.test(schedule.slice('@every '.length)) ? undefined : `"${schedule.slice(7)}" is not a duration such as 90s, 5m or 1h30m`;
    return `unknown descriptor "${schedule}"; known: ${DESCRIPTORS.join(', ')}, @every <duration>`;
  }
  const fields = schedule.split(/[ \t\n\v\f\r\u0085\u00a0]+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const { name, bounds } = FIELDS[i]!;
    for (const part of field.split(',')) {
      const p = rangeProblem(part, bounds);
      if (p) return `${name} field "${field}": ${p}`;
    }
  }
  return undefined;
}
