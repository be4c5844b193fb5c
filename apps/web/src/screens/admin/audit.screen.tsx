import { type FormEvent, useCallback, useState } from 'react';
import * as client from '../../api/client';
import type { AuditEntry, AuditFilters } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useLoad } from '../../components/use-load';

const PAGE = 25;
const ENTITIES = ['booking', 'member', 'team', 'room', 'policy', 'auth', 'webhook'] as const;
type Entity = (typeof ENTITIES)[number];

const when = (at: string) => new Date(at).toLocaleString();
const details = (entry: AuditEntry) => JSON.stringify(entry.data);

/** The audit log (admin): filters, then older entries page by page (keyset cursors). */
export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>({ limit: PAGE });
  const pages = useCursorPages();
  const { cursor } = pages;
  const load = useCallback(() => client.auditLog({ ...filters, cursor }), [filters, cursor]);
  const { data, problem } = useLoad(load);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name) || undefined;
    const actor = text('actor_id');
    setFilters({
      limit: PAGE,
      entity: text('entity') as Entity | undefined,
      entity_id: text('entity_id'),
      actor_id: actor === undefined ? undefined : Number(actor),
      from: text('from'),
      to: text('to'),
    });
    pages.first();
  };

  return (
    <section>
      <ScreenTitle>Audit log</ScreenTitle>
      <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-entity">About</label>
          <select id="audit-entity" name="entity" defaultValue="">
            <option value="">Anything</option>
            {ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {entity}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-id">Entity id</label>
          <input id="audit-entity-id" name="entity_id" />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Actor (member id)</label>
          <input id="audit-actor" name="actor_id" inputMode="numeric" />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" />
        </div>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      <ErrorAlert problem={problem} />
      {data && (
        <>
          <ScrollTable
            id="audit"
            caption={data.results.length === 0 ? 'No entries' : `Entries, page ${pages.page}`}
            columns={['When', 'Action', 'About', 'Actor', 'Details']}
          >
            {data.results.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">{when(entry.at)}</th>
                <td>{entry.action}</td>
                <td>
                  {entry.entity} {entry.entity_id ?? ''}
                </td>
                <td>{entry.actor_id ?? 'system'}</td>
                <td>
                  <code>{details(entry)}</code>
                </td>
              </tr>
            ))}
          </ScrollTable>
          <nav className="pager" aria-label="Audit log pages">
            <button type="button" disabled={pages.page <= 1} onClick={pages.newer}>
              Newer entries
            </button>
            <span>Page {pages.page}</span>
            <button
              type="button"
              disabled={!data.next_cursor}
              onClick={() => data.next_cursor && pages.older(data.next_cursor)}
            >
              Older entries
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
