import type { UtilisationResponse, UtilisationRowResponse } from './utilisation.response';

export const TEXT_CSV = 'text/csv; charset=utf-8';

export const CSV_COLUMNS = [
  'room_id',
  'room_number',
  'room_type',
  'bookable_hours',
  'booked_hours',
  'checked_in_hours',
  'released_hours',
  'cancelled_hours',
  'utilisation',
] as const satisfies readonly (keyof UtilisationRowResponse)[];

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled; null is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One header line, the per-room rows, then the per-type rows; CRLF line ends. */
export function utilisationCsv(report: UtilisationResponse): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of [...report.rooms, ...report.room_types]) {
    lines.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}

const qualityOf = (accept: string, type: string): number => {
  let best = -1;
  for (const part of accept.split(',')) {
    const [media, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (media !== type) continue;
    const q = params.find((p) => p.startsWith('q='));
    best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
  }
  return best;
};

/** CSV when the Accept header asks for text/csv at least as much as for application/json. */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = qualityOf(accept, 'text/csv');
  return csv > 0 && csv >= qualityOf(accept, 'application/json');
}
