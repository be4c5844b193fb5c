/**
 * A timestamptz as PostgreSQL writes it in JSON (`2026-12-04T16:34:17.123456+00:00`: the
 * session's offset, up to six fraction digits, trailing zeros dropped) to what
 * `new Date(<the same value read by pg>).toISOString()` prints: UTC, milliseconds, the fraction
 * truncated (pg's parser, postgres-date, truncates too). Lets a read leave timestamps as text
 * and pay for the conversion only for those it prints.
 */
const PG_JSON_TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

export function isoMillisOfPgJson(text: string): string {
  // A UTC session and a four-digit year (the usual case): the text is already the answer.
  if (text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84 && text.endsWith('+00:00')) {
    const fraction = text.slice(20, text.length - 6);
    return `${text.slice(0, 19)}.${fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0')}Z`;
  }
  const m = PG_JSON_TIMESTAMP.exec(text);
  if (!m) throw new TypeError(`Not a PostgreSQL JSON timestamptz: ${text}`);
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0 to 99 stay themselves.
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)),
  );
  const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
  return new Date(date.getTime() - (m[8] === '-' ? -offset : offset)).toISOString();
}
