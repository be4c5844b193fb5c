import { useCallback, useEffect, useRef, useState } from 'react';
import * as client from '../../api/client';
import type {
  CreatedWebhook,
  Problem,
  Webhook,
  WebhookAttempt,
  WebhookEventName,
} from '../../api/client';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { FormButtons } from '../../components/form-buttons';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';
import { focusSoon, useStatus } from '../../components/use-status';
import { useSubmit } from '../../components/use-submit';

const EVENTS: Exclude<WebhookEventName, '*'>[] = [
  'booking.created',
  'booking.cancelled',
  'booking.released',
  'booking.checked_in',
  'booking.promoted',
  'series.created',
  'series.cancelled',
  'waitlist.expired',
];
const PLACED = ['url', 'events', 'description'];

const when = (at: string | null | undefined) => (at ? new Date(at).toLocaleString() : '—');
const eventsText = (events: string[]) => (events.includes('*') ? 'All events' : events.join(', '));

type Panel = { kind: 'edit' | 'deliveries' | 'delete'; hook: Webhook } | null;

/**
 * Webhooks (admin): the endpoints, a new one (its signing secret shown once), editing,
 * deleting after a confirmation, and each endpoint's delivery attempts.
 */
export function WebhooksScreen() {
  const load = useCallback(() => client.webhooks(), []);
  const { data, problem, reload } = useLoad(load);
  const [panel, setPanel] = useState<Panel>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const { status, announce, clear } = useStatus();

  const dismiss = () => {
    if (!panel) return;
    setPanel(null);
    focusSoon(`${panel.kind}-hook-${panel.hook.id}-open`);
  };

  return (
    <section>
      <ScreenTitle>Webhooks</ScreenTitle>
      {status}
      <CreateWebhookForm
        onCreated={(hook) => {
          setCreated(hook);
          clear();
          reload();
          focusSoon('webhook-secret');
        }}
      />
      {created && <SecretOnce hook={created} onDismiss={() => setCreated(null)} />}
      <ErrorAlert problem={problem} />
      {data && (
        <ScrollTable
          id="webhooks"
          caption={`${data.count} ${data.count === 1 ? 'endpoint' : 'endpoints'}`}
          columns={['URL', 'Events', 'Active', 'Created', 'Actions']}
        >
          {data.results.map((hook) => (
            <tr key={hook.id}>
              <th scope="row" className="wrap-anywhere">
                {hook.url}
                {hook.description && <span className="capacity">{hook.description}</span>}
              </th>
              <td>{eventsText(hook.events)}</td>
              <td>
                {hook.is_active ? 'Active' : 'Inactive'}
                {hook.failing_since && (
                  <span className="capacity">failing since {when(hook.failing_since)}</span>
                )}
              </td>
              <td>{when(hook.created_at)}</td>
              <td>
                <div className="row-actions">
                  {(['edit', 'deliveries', 'delete'] as const).map((kind) => (
                    <button
                      key={kind}
                      type="button"
                      id={`${kind}-hook-${hook.id}-open`}
                      aria-label={`${ACTION_NAMES[kind]} ${hook.url}`}
                      onClick={() => setPanel({ kind, hook })}
                    >
                      {ACTION_NAMES[kind]}
                      {kind === 'deliveries' ? '' : '…'}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {panel?.kind === 'edit' && (
        <EditWebhookForm
          key={`edit-${panel.hook.id}`}
          hook={panel.hook}
          onSaved={(hook) => {
            setPanel(null);
            reload();
            announce(`Saved the endpoint ${hook.url}.`);
          }}
          onCancel={dismiss}
        />
      )}
      {panel?.kind === 'delete' && (
        <ConfirmDelete
          key={`delete-${panel.hook.id}`}
          hook={panel.hook}
          onDeleted={() => {
            announce(`Deleted the endpoint ${panel.hook.url}.`);
            setPanel(null);
            reload();
          }}
          onCancel={dismiss}
        />
      )}
      {panel?.kind === 'deliveries' && (
        <Deliveries key={`deliveries-${panel.hook.id}`} hook={panel.hook} onClose={dismiss} />
      )}
    </section>
  );
}

const ACTION_NAMES = { edit: 'Edit', deliveries: 'Deliveries', delete: 'Delete' } as const;

/** The events as checkboxes; "All events" sends ["*"] and makes the others moot. */
function EventsField({
  prefix,
  initial,
  error,
}: {
  prefix: string;
  initial: string[];
  error?: string;
}) {
  const [all, setAll] = useState(initial.includes('*'));
  const errorId = `${prefix}-events-error`;
  return (
    <fieldset
      className="weekdays"
      aria-describedby={error ? errorId : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>Events</legend>
      <label>
        <input
          type="checkbox"
          name="all_events"
          checked={all}
          onChange={(event) => setAll(event.target.checked)}
        />{' '}
        All events
      </label>
      {EVENTS.map((name) => (
        <label key={name}>
          <input
            type="checkbox"
            name="events"
            value={name}
            disabled={all}
            defaultChecked={initial.includes(name)}
          />{' '}
          {name}
        </label>
      ))}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function eventsOf(form: FormData): WebhookEventName[] {
  if (form.get('all_events') === 'on') return ['*'];
  return form.getAll('events').map(String) as WebhookEventName[];
}

function CreateWebhookForm({ onCreated }: { onCreated: (hook: CreatedWebhook) => void }) {
  const [version, setVersion] = useState(0);
  const { problem, busy, onSubmit } = useSubmit(async (form) => {
    const description = formText(form, 'description').trim();
    const hook = await client.createWebhook({
      url: formText(form, 'url').trim(),
      events: eventsOf(form),
      ...(description ? { description } : {}),
    });
    // A fresh form: the events' own state starts over too.
    setVersion((n) => n + 1);
    onCreated(hook);
  });

  return (
    <form key={version} className="panel" onSubmit={onSubmit} aria-labelledby="new-webhook-heading">
      <h2 id="new-webhook-heading">New endpoint</h2>
      <TextField
        id="new-webhook-url"
        name="url"
        label="URL"
        type="url"
        required
        maxLength={2048}
        className="wide"
        error={fieldMessage(problem, 'url')}
      />
      <EventsField prefix="new-webhook" initial={[]} error={fieldMessage(problem, 'events')} />
      <TextField
        id="new-webhook-description"
        name="description"
        label="Description (optional)"
        maxLength={200}
        className="wide"
        error={fieldMessage(problem, 'description')}
      />
      <FormButtons submit="Create endpoint" busy={busy} />
      <ErrorAlert problem={problem} placedFields={PLACED} />
    </form>
  );
}

/** The signing secret: the API answers it on creation only, so this is the one chance to copy it. */
function SecretOnce({ hook, onDismiss }: { hook: CreatedWebhook; onDismiss: () => void }) {
  const [copied, setCopied] = useState('');
  const copy = () => {
    const field = document.getElementById('webhook-secret') as HTMLInputElement | null;
    field?.select();
    navigator.clipboard?.writeText(hook.secret).then(
      () => setCopied('Copied.'),
      () => setCopied('Select the field and copy it.'),
    );
  };
  return (
    <div className="panel" role="region" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret of {hook.url}</h2>
      <p id="secret-note">
        <strong>Copy it now: it is shown this once only.</strong> The receiver verifies each
        delivery&apos;s <code>webhook-signature</code> with it (Standard Webhooks). To get a new
        one, delete the endpoint and create it again.
      </p>
      <div className="field">
        <label htmlFor="webhook-secret">Secret</label>
        <input
          id="webhook-secret"
          className="wide"
          readOnly
          value={hook.secret}
          aria-describedby="secret-note"
          onFocus={(event) => event.target.select()}
        />
      </div>
      <div className="row-actions">
        <button type="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" onClick={onDismiss}>
          I have saved it
        </button>
        <span role="status">{copied}</span>
      </div>
    </div>
  );
}

/** Sends only what changed. */
function EditWebhookForm({
  hook,
  onSaved,
  onCancel,
}: {
  hook: Webhook;
  onSaved: (hook: Webhook) => void;
  onCancel: () => void;
}) {
  const prefix = `edit-hook-${hook.id}`;
  const { problem, busy, onSubmit } = useSubmit(async (form) => {
    const url = formText(form, 'url').trim();
    const events = eventsOf(form);
    const description = formText(form, 'description').trim() || null;
    const active = form.get('is_active') === 'on';
    const change = {
      ...(url !== hook.url ? { url } : {}),
      ...(events.join() !== hook.events.join() ? { events } : {}),
      ...(description !== hook.description ? { description } : {}),
      ...(active !== hook.is_active ? { is_active: active } : {}),
    };
    onSaved(await client.updateWebhook(hook.id, change));
  });

  const heading = `${prefix}-heading`;
  return (
    <form className="panel" onSubmit={onSubmit} aria-labelledby={heading}>
      <h2 id={heading}>Edit {hook.url}</h2>
      <TextField
        id={`${prefix}-url`}
        name="url"
        label="URL"
        type="url"
        required
        maxLength={2048}
        className="wide"
        defaultValue={hook.url}
        autoFocus
        error={fieldMessage(problem, 'url')}
      />
      <EventsField prefix={prefix} initial={hook.events} error={fieldMessage(problem, 'events')} />
      <TextField
        id={`${prefix}-description`}
        name="description"
        label="Description (optional)"
        maxLength={200}
        className="wide"
        defaultValue={hook.description ?? ''}
        error={fieldMessage(problem, 'description')}
      />
      <div className="field checkbox">
        <label>
          <input type="checkbox" name="is_active" defaultChecked={hook.is_active} /> Active
          (deliveries are sent)
        </label>
      </div>
      <div className="row-actions">
        <FormButtons submit="Save endpoint" busy={busy} onCancel={onCancel} />
      </div>
      <ErrorAlert problem={problem} placedFields={PLACED} />
    </form>
  );
}

function ConfirmDelete({
  hook,
  onDeleted,
  onCancel,
}: {
  hook: Webhook;
  onDeleted: () => void;
  onCancel: () => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  const remove = () => {
    setBusy(true);
    client.deleteWebhook(hook.id).then(onDeleted, (error: unknown) => {
      setProblem(client.problemOf(error));
      setBusy(false);
    });
  };
  return (
    <div className="panel" role="region" aria-labelledby={`delete-hook-${hook.id}-heading`}>
      <h2 id={`delete-hook-${hook.id}-heading`}>Delete {hook.url}?</h2>
      <p>It receives nothing more; its deliveries not yet sent are dropped.</p>
      <div className="row-actions">
        <button type="button" className="primary" ref={confirm} disabled={busy} onClick={remove}>
          Delete endpoint
        </button>
        <button type="button" onClick={onCancel}>
          Keep it
        </button>
      </div>
      <ErrorAlert problem={problem} />
    </div>
  );
}

/** The endpoint's attempts, newest first as the API lists them, page by page (cursor). */
function Deliveries({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const [rows, setRows] = useState<WebhookAttempt[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(true);

  // Only the answer's callbacks set state: the first page loads from an effect.
  const fetchPage = useCallback(
    (cursor?: string) => {
      client.webhookDeliveries(hook.id, cursor).then(
        (page) => {
          setRows((shown) => (cursor ? [...shown, ...page.results] : page.results));
          setNext(page.next_cursor);
          setProblem(null);
          setBusy(false);
        },
        (error: unknown) => {
          setProblem(client.problemOf(error));
          setBusy(false);
        },
      );
    },
    [hook.id],
  );
  useEffect(() => fetchPage(), [fetchPage]);
  const more = (cursor?: string) => {
    setBusy(true);
    fetchPage(cursor);
  };
  useEffect(() => document.getElementById(`deliveries-${hook.id}-heading`)?.focus(), [hook.id]);

  return (
    <div className="panel" role="region" aria-labelledby={`deliveries-${hook.id}-heading`}>
      <h2 id={`deliveries-${hook.id}-heading`} tabIndex={-1}>
        Deliveries to {hook.url}
      </h2>
      <div className="row-actions">
        <button type="button" onClick={() => more()} disabled={busy}>
          Refresh deliveries
        </button>
        <button type="button" onClick={onClose}>
          Close deliveries
        </button>
      </div>
      <ErrorAlert problem={problem} />
      <ScrollTable
        id={`deliveries-${hook.id}`}
        busy={busy}
        caption={rows.length === 0 && !busy ? 'No attempts yet' : `${rows.length} attempts shown`}
        columns={['When', 'Event', 'Status', 'Attempt', 'Answer', 'Took']}
      >
        {rows.map((attempt) => (
          <tr key={attempt.id}>
            <th scope="row">{when(attempt.attempted_at)}</th>
            <td>
              {attempt.event_type}
              <span className="capacity">{attempt.message_id}</span>
            </td>
            <td>
              <span aria-hidden="true">{attempt.succeeded ? '✓ ' : '✕ '}</span>
              {attempt.succeeded ? 'Delivered' : 'Failed'}
            </td>
            <td>{attempt.attempt}</td>
            <td className="wrap-anywhere">
              {attempt.status_code ?? 'no answer'}
              {attempt.error && <span className="capacity">{attempt.error}</span>}
            </td>
            <td>{attempt.duration_ms} ms</td>
          </tr>
        ))}
      </ScrollTable>
      {next && (
        <button type="button" disabled={busy} onClick={() => more(next)}>
          Older attempts
        </button>
      )}
    </div>
  );
}
