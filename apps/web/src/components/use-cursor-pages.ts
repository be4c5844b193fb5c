import { useCallback, useState } from 'react';

/**
 * Paging a cursor-paged list: forward by the answer's next cursor, back by the cursors seen.
 * `cursor` is the shown page's (none on page 1).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  const older = useCallback((next: string) => setCursors((seen) => [...seen, next]), []);
  const newer = useCallback(() => setCursors((seen) => seen.slice(0, -1)), []);
  const first = useCallback(() => setCursors([]), []);
  return { cursor: cursors.at(-1), page: cursors.length + 1, older, newer, first };
}
