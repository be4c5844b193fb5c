import { type FormEvent, useCallback, useState } from 'react';
import * as client from '../../api/client';
import type { AuditEntry, AuditFilters } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { useLoad } from '../../components/use-load';

const PAGE = 25;
const ENTITIES = ['booking', 'member', 'team', 'room', 'policy', 'auth'] as const;
type Entity = (typeof ENTITIES)[number];

const when = (at: string) => new Date(at).toLocaleString();
const details = (entry: AuditEntry) => JSON.stringify(entry.data);

/** The audit log (admin): filters, then older entries page by page (keyset cursors). */
export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>({ limit: PAGE });
  // The cursor of each page shown so far: back is the one before, forward the next_cursor.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
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
    setCursors([undefined]);
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
          <div className="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            <table>
              <caption id="audit-caption">
                {data.results.length === 0 ? 'No entries' : `Entries, page ${cursors.length}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">About</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Audit log pages">
            <button
              type="button"
              disabled={cursors.length <= 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer entries
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              disabled={!data.next_cursor}
              onClick={() => setCursors([...cursors, data.next_cursor ?? undefined])}
            >
              Older entries
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
