import { type FormEvent, useRef, useState } from 'react';
import * as client from '../../api/client';
import type { Problem, Site, UpdateSiteRequest } from '../../api/client';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';

const PLACED = ['code', 'name', 'timezone'];

/** The browser's zone as the default of a new site; the API checks it is a real IANA zone. */
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Sites (admin): the offices with their time zones, a new one, renaming or re-zoning one. */
export function SitesScreen() {
  const { data: sites, problem, reload } = useLoad(client.sites);
  const [editing, setEditing] = useState<Site | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);

  const announce = (message: string) => {
    setDone(message);
    requestAnimationFrame(() => status.current?.focus());
  };
  const dismiss = () => {
    if (!editing) return;
    const opener = `edit-site-${editing.id}-open`;
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(opener)?.focus());
  };

  return (
    <section>
      <ScreenTitle>Sites</ScreenTitle>
      <p className="status" role="status" tabIndex={-1} ref={status}>
        {done}
      </p>
      <CreateSiteForm
        onCreated={(site) => {
          announce(`Created site ${site.code} (${site.name}, ${site.timezone}).`);
          reload();
        }}
      />
      <ErrorAlert problem={problem} />
      {sites && (
        <div className="table-scroll" role="region" aria-labelledby="sites-caption" tabIndex={0}>
          <table>
            <caption id="sites-caption">
              {sites.length} {sites.length === 1 ? 'site' : 'sites'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Time zone</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((site) => (
                <tr key={site.id}>
                  <th scope="row">{site.code}</th>
                  <td>{site.name}</td>
                  <td>{site.timezone}</td>
                  <td>{new Date(site.created_at).toLocaleDateString()}</td>
                  <td>
                    <button
                      type="button"
                      id={`edit-site-${site.id}-open`}
                      aria-label={`Edit ${site.code}`}
                      onClick={() => setEditing(site)}
                    >
                      Edit…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <EditSiteForm
          key={editing.id}
          site={editing}
          onSaved={(site) => {
            setEditing(null);
            reload();
            announce(`Saved site ${site.code}: ${site.name}, ${site.timezone}.`);
          }}
          onCancel={dismiss}
        />
      )}
    </section>
  );
}

function CreateSiteForm({ onCreated }: { onCreated: (site: Site) => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    try {
      const site = await client.createSite({
        code: formText(form, 'code').trim().toUpperCase(),
        name: formText(form, 'name').trim(),
        timezone: formText(form, 'timezone').trim(),
      });
      setProblem(null);
      formElement.reset();
      onCreated(site);
    } catch (error) {
      setProblem(client.problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="filters"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="new-site-heading"
    >
      <h2 id="new-site-heading">New site</h2>
      <TextField
        id="new-site-code"
        name="code"
        label="Code (A-Z, 0-9, -)"
        required
        maxLength={10}
        error={fieldMessage(problem, 'code')}
      />
      <TextField
        id="new-site-name"
        name="name"
        label="Name"
        required
        maxLength={100}
        error={fieldMessage(problem, 'name')}
      />
      <TextField
        id="new-site-timezone"
        name="timezone"
        label="Time zone (IANA, e.g. Europe/Paris)"
        required
        maxLength={64}
        defaultValue={localZone()}
        error={fieldMessage(problem, 'timezone')}
      />
      <button type="submit" className="primary" disabled={busy}>
        Create site
      </button>
      <ErrorAlert problem={problem} placedFields={PLACED} />
    </form>
  );
}

/** Sends only what changed. */
function EditSiteForm({
  site,
  onSaved,
  onCancel,
}: {
  site: Site;
  onSaved: (site: Site) => void;
  onCancel: () => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `edit-site-${site.id}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const change: UpdateSiteRequest = {};
    const name = formText(form, 'name').trim();
    if (name !== site.name) change.name = name;
    const timezone = formText(form, 'timezone').trim();
    if (timezone !== site.timezone) change.timezone = timezone;
    setBusy(true);
    try {
      onSaved(await client.updateSite(site.id, change));
    } catch (error) {
      setProblem(client.problemOf(error));
      setBusy(false);
    }
  };

  const heading = `${prefix}-heading`;
  return (
    <form
      className="filters panel"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={heading}
    >
      <h2 id={heading}>Edit {site.code}</h2>
      <TextField
        id={`${prefix}-name`}
        name="name"
        label="Name"
        required
        maxLength={100}
        defaultValue={site.name}
        autoFocus
        error={fieldMessage(problem, 'name')}
      />
      <TextField
        id={`${prefix}-timezone`}
        name="timezone"
        label="Time zone (IANA)"
        required
        maxLength={64}
        defaultValue={site.timezone}
        error={fieldMessage(problem, 'timezone')}
      />
      <button type="submit" className="primary" disabled={busy}>
        Save site
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorAlert problem={problem} placedFields={PLACED} />
    </form>
  );
}
