/** Previous / next over a paginated list of the API ({ count, next, previous }). */
export function Pager({
  page,
  count,
  hasNext,
  onPage,
  label,
}: {
  page: number;
  count: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} · {count} in all
      </span>
      <button type="button" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
