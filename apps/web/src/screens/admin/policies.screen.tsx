import * as client from '../../api/client';
import type { Policies, PutPoliciesRequest } from '../../api/client';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { FormButtons } from '../../components/form-buttons';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';
import { useStatus } from '../../components/use-status';
import { useSubmit } from '../../components/use-submit';

type Limits = Omit<Policies, 'by_room_type'>;
type NumberKey = Exclude<keyof Limits, 'open_weekdays'>;
type Scope = 'all' | keyof Policies['by_room_type'];

const NUMBER_FIELDS: [NumberKey, string][] = [
  ['max_hours_per_day', 'Max hours per day'],
  ['max_hours_per_week', 'Max hours per week'],
  ['max_active_bookings', 'Max active bookings'],
  ['min_notice_min', 'Minimum notice (minutes)'],
  ['cancel_cutoff_min', 'Cancellation cutoff (minutes)'],
];
const SCOPES: [Scope, string][] = [
  ['all', 'All room types'],
  ['PRIVATE', 'Private rooms'],
  ['CONFERENCE', 'Conference rooms'],
  ['SHARED_DESK', 'Shared desks'],
];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Where the API names a field of a scope: `max_hours_per_day` or `by_room_type.PRIVATE.…`. */
const apiField = (scope: Scope, key: string) =>
  scope === 'all' ? key : `by_room_type.${scope}.${key}`;

const limitsOf = (policies: Policies, scope: Scope): Limits =>
  scope === 'all' ? policies : policies.by_room_type[scope];

/** An empty box is no limit; anything else goes to the API as typed, which judges it. */
function numberOf(form: FormData, name: string): number | null {
  const text = formText(form, name).trim();
  return text === '' ? null : Number(text);
}

function limitsFrom(form: FormData, scope: Scope) {
  const days = form.getAll(`${scope}.open_weekdays`).map(String);
  const limits: Record<string, unknown> = {
    // Every day ticked: no weekday closed.
    open_weekdays: days.length === WEEKDAYS.length ? null : days,
  };
  for (const [key] of NUMBER_FIELDS) limits[key] = numberOf(form, `${scope}.${key}`);
  return limits;
}

/** Booking policies (admin): the limits for all room types and per type; empty means none. */
export function PoliciesScreen() {
  const { data, problem: loadProblem, reload } = useLoad(client.policies);
  const { status, announce, clear } = useStatus();

  const { problem, busy, onSubmit } = useSubmit(async (form) => {
    const body = {
      ...limitsFrom(form, 'all'),
      by_room_type: {
        PRIVATE: limitsFrom(form, 'PRIVATE'),
        CONFERENCE: limitsFrom(form, 'CONFERENCE'),
        SHARED_DESK: limitsFrom(form, 'SHARED_DESK'),
      },
    } as PutPoliciesRequest;
    try {
      await client.setPolicies(body);
    } catch (error) {
      clear(); // an earlier "saved" would read as this one's
      throw error;
    }
    announce('Policies saved.');
    reload();
  });

  const placed = SCOPES.flatMap(([scope]) =>
    [...NUMBER_FIELDS.map(([key]) => key), 'open_weekdays'].map((key) => apiField(scope, key)),
  );
  return (
    <section>
      <ScreenTitle>Policies</ScreenTitle>
      <p>
        Empty means no limit. A limit for all room types and one for a type both apply; hours and
        active bookings count every participant. Admins are exempt, except from closed weekdays.
      </p>
      {status}
      <ErrorAlert problem={loadProblem} />
      {data && (
        <form
          // Re-created from each answer, so the boxes show what is stored.
          key={JSON.stringify(data)}
          noValidate
          onSubmit={onSubmit}
          aria-label="Booking policies"
        >
          {SCOPES.map(([scope, title]) => {
            const limits = limitsOf(data, scope);
            const dayError = fieldMessage(problem, apiField(scope, 'open_weekdays'));
            return (
              <fieldset key={scope} className="picker">
                <legend>{title}</legend>
                {NUMBER_FIELDS.map(([key, label]) => (
                  <TextField
                    key={key}
                    name={`${scope}.${key}`}
                    label={`${label}, ${title.toLowerCase()}`}
                    type="number"
                    inputMode="numeric"
                    defaultValue={limits[key] ?? ''}
                    error={fieldMessage(problem, apiField(scope, key))}
                  />
                ))}
                <fieldset
                  className="picker"
                  aria-describedby={dayError ? `${scope}-days-error` : undefined}
                >
                  <legend>Open weekdays, {title.toLowerCase()}</legend>
                  {WEEKDAYS.map((day, i) => (
                    <label key={day}>
                      <input
                        type="checkbox"
                        name={`${scope}.open_weekdays`}
                        value={day}
                        defaultChecked={!limits.open_weekdays || limits.open_weekdays.includes(day)}
                      />{' '}
                      {WEEKDAY_NAMES[i]}{' '}
                    </label>
                  ))}
                  {dayError && (
                    <p className="field-error" id={`${scope}-days-error`}>
                      {dayError}
                    </p>
                  )}
                </fieldset>
              </fieldset>
            );
          })}
          <FormButtons submit="Save policies" busy={busy} />
          <ErrorAlert problem={problem} placedFields={placed} />
        </form>
      )}
    </section>
  );
}
