import { useState } from 'react';
import * as client from '../../api/client';
import type { Site, UpdateSiteRequest } from '../../api/client';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { FormButtons } from '../../components/form-buttons';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';
import { focusSoon, useStatus } from '../../components/use-status';
import { useSubmit } from '../../components/use-submit';

const PLACED = ['code', 'name', 'timezone'];

/** The browser's zone as the default of a new site; the API checks it is a real IANA zone. */
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Sites (admin): the offices with their time zones, a new one, renaming or re-zoning one. */
export function SitesScreen() {
  const { data: sites, problem, reload } = useLoad(client.sites);
  const [editing, setEditing] = useState<Site | null>(null);
  const { status, announce } = useStatus();

  const dismiss = () => {
    if (!editing) return;
    setEditing(null);
    focusSoon(`edit-site-${editing.id}-open`);
  };

  return (
    <section>
      <ScreenTitle>Sites</ScreenTitle>
      {status}
      <CreateSiteForm
        onCreated={(site) => {
          announce(`Created site ${site.code} (${site.name}, ${site.timezone}).`);
          reload();
        }}
      />
      <ErrorAlert problem={problem} />
      {sites && (
        <ScrollTable
          id="sites"
          caption={`${sites.length} ${sites.length === 1 ? 'site' : 'sites'}`}
          columns={['Code', 'Name', 'Time zone', 'Created', 'Actions']}
        >
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
        </ScrollTable>
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
  const { problem, busy, onSubmit } = useSubmit(async (form, element) => {
    const site = await client.createSite({
      code: formText(form, 'code').trim().toUpperCase(),
      name: formText(form, 'name').trim(),
      timezone: formText(form, 'timezone').trim(),
    });
    element.reset();
    onCreated(site);
  });

  return (
    <form className="filters" onSubmit={onSubmit} aria-labelledby="new-site-heading">
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
      <FormButtons submit="Create site" busy={busy} />
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
  const prefix = `edit-site-${site.id}`;
  const { problem, busy, onSubmit } = useSubmit(async (form) => {
    const change: UpdateSiteRequest = {};
    const name = formText(form, 'name').trim();
    if (name !== site.name) change.name = name;
    const timezone = formText(form, 'timezone').trim();
    if (timezone !== site.timezone) change.timezone = timezone;
    onSaved(await client.updateSite(site.id, change));
  });

  const heading = `${prefix}-heading`;
  return (
    <form className="filters panel" onSubmit={onSubmit} aria-labelledby={heading}>
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
      <FormButtons submit="Save site" busy={busy} onCancel={onCancel} />
      <ErrorAlert problem={problem} placedFields={PLACED} />
    </form>
  );
}
