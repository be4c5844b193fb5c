import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import * as client from '../api/client';
import type {
  Booking,
  CreateBookingRequest,
  Member,
  Problem,
  Room,
  Series,
  SeriesPreview,
  Team,
  WaitlistEntry,
} from '../api/client';
import { ErrorAlert, fieldMessage } from '../components/error-alert';
import { formText } from '../components/form-text';
import { useLoad } from '../components/use-load';
import { useSignedIn } from '../components/use-session';
import { clock, timeSlot } from '../grid/day-grid.model';
import { SeriesFields, SeriesPreviewList, seriesRequestOf } from './series-fields';

export interface BookTarget {
  room: Room;
  /** The grid's site when there are several (a room number is unique only within its site). */
  site?: string;
  date: string;
  hour: number;
  /** The latest end the grid shows free from `hour` on (the API has the last word). */
  lastEnd: number;
  /** A taken cell: the same request joins the waitlist instead of booking. */
  waitlist?: boolean;
}

/** A desk seats four: the caller and up to three co-workers. */
const MAX_COWORKERS = 3;

/**
 * Books a cell of the grid: how long, and with whom (desk co-workers, a team for a conference
 * room); for a taken cell the same request joins the waitlist.
 */
export function BookDialog({
  target,
  onClose,
}: {
  target: BookTarget;
  onClose: (done: Booking | WaitlistEntry | Series | null) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const me = useSignedIn();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  /** A series: previewed with dry_run first, booked on the second submit. */
  const [repeat, setRepeat] = useState(false);
  const [preview, setPreview] = useState<SeriesPreview | null>(null);
  const { room, date, hour } = target;

  useEffect(() => {
    // Modal: focus moves in, Tab stays in, Escape closes; unmounting removes it.
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const slot = {
      room_number: room.room_number,
      ...(target.site ? { site: target.site } : {}),
      date,
      time_slot: timeSlot(hour),
      end_time: formText(form, 'end_time'),
    };
    // The body per room type, as the document's oneOf on room_type has it.
    const request: CreateBookingRequest =
      room.room_type === 'CONFERENCE'
        ? { room_type: 'CONFERENCE', ...slot, team_id: Number(formText(form, 'team_id')) }
        : room.room_type === 'SHARED_DESK'
          ? {
              room_type: 'SHARED_DESK',
              ...slot,
              ...(me ? { user_ids: [me.id, ...form.getAll('coworker').map(Number)] } : {}),
            }
          : { room_type: 'PRIVATE', ...slot };
    setPending(true);
    setProblem(null);
    const failed = (error: unknown) => {
      setProblem(problemOf(error));
      setPending(false);
    };
    if (repeat && !target.waitlist) {
      // The dates the preview refused stay out (skip); a date taken since is left out too.
      const series = seriesRequestOf(request, form, 'skip');
      if (!preview) {
        client.previewSeries(series).then((answer) => {
          setPreview(answer);
          setPending(false);
          requestAnimationFrame(() => document.getElementById('series-preview-title')?.focus());
        }, failed);
      } else {
        client.bookSeries(series, client.newIdempotencyKey()).then(onClose, failed);
      }
      return;
    }
    const send = target.waitlist ? client.joinWaitlist : client.book;
    send(request, client.newIdempotencyKey()).then(
      (done: Booking | WaitlistEntry) => onClose(done),
      failed,
    );
  };
  // Any change to what would be booked asks for a new preview.
  const changed = (event: FormEvent<HTMLFormElement>) => {
    if ((event.target as HTMLElement).id !== 'coworker-filter') setPreview(null);
  };
  const recurrenceError = problem?.fields.find((field) =>
    field.field.startsWith('recurrence'),
  )?.message;
  const submitLabel = labelOf(target.waitlist ? 'waitlist' : repeat ? 'series' : 'book', {
    pending,
    preview,
  });

  const ends = [];
  for (let end = hour + 1; end <= target.lastEnd; end++) ends.push(end);

  return (
    <dialog
      ref={dialog}
      className="book-dialog"
      aria-labelledby="book-title"
      onClose={() => onClose(null)}
    >
      <form onSubmit={submit} onChange={changed}>
        <h2 id="book-title">
          {target.waitlist ? 'Join the waitlist for' : 'Book'} {room.room_number}
        </h2>
        <p>
          {date}, from {clock(hour)}
        </p>
        <div className="field">
          <label htmlFor="book-end">Until</label>
          <select id="book-end" name="end_time" defaultValue={timeSlot(hour + 1)}>
            {ends.map((end) => (
              <option key={end} value={timeSlot(end)}>
                {clock(end)} ({end - hour} {end - hour === 1 ? 'hour' : 'hours'})
              </option>
            ))}
          </select>
        </div>
        {room.room_type === 'SHARED_DESK' && (
          <CoworkerPicker myId={me?.id} error={fieldMessage(problem, 'user_ids')} />
        )}
        {room.room_type === 'CONFERENCE' && <TeamPicker error={fieldMessage(problem, 'team_id')} />}
        {!target.waitlist && (
          <div className="field checkbox">
            <label>
              <input
                type="checkbox"
                name="repeat"
                checked={repeat}
                onChange={(event) => {
                  setRepeat(event.target.checked);
                  setPreview(null);
                }}
              />{' '}
              Repeat (book a series)
            </label>
          </div>
        )}
        {repeat && <SeriesFields date={date} error={recurrenceError} />}
        {repeat && preview && <SeriesPreviewList preview={preview} />}
        <ErrorAlert
          problem={problem}
          id="book-error"
          placedFields={[
            'user_ids',
            'team_id',
            ...(recurrenceError ? ['recurrence', 'recurrence.count', 'recurrence.until'] : []),
          ]}
        />
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={pending || (repeat && preview?.booked.length === 0)}
          >
            {submitLabel}
          </button>
          <button type="button" onClick={() => onClose(null)}>
            Close
          </button>
        </div>
      </form>
    </dialog>
  );
}

const problemOf = client.problemOf;

function CoworkerPicker({ myId, error }: { myId: number | undefined; error?: string }) {
  const loadMembers = useCallback(() => client.everyPage<Member>(client.members), []);
  const { data, problem } = useLoad(loadMembers);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<number[]>([]);
  const others = useMemo(
    () =>
      (data ?? []).filter(
        (member) =>
          member.id !== myId && member.name.toLowerCase().includes(filter.trim().toLowerCase()),
      ),
    [data, myId, filter],
  );
  const toggle = (id: number, on: boolean) =>
    setChosen((current) => (on ? [...current, id] : current.filter((other) => other !== id)));

  return (
    <fieldset className="picker" aria-describedby={error ? 'coworkers-error' : undefined}>
      <legend>Co-workers (up to {MAX_COWORKERS}; you are included)</legend>
      <div className="field">
        <label htmlFor="coworker-filter">Find a member</label>
        <input
          id="coworker-filter"
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <ErrorAlert problem={problem} />
      {error && (
        <p className="field-error" id="coworkers-error">
          {error}
        </p>
      )}
      <ul className="choices">
        {others.map((member) => {
          const checked = chosen.includes(member.id);
          return (
            <li key={member.id}>
              <label>
                <input
                  type="checkbox"
                  name="coworker"
                  value={member.id}
                  checked={checked}
                  disabled={!checked && chosen.length >= MAX_COWORKERS}
                  onChange={(event) => toggle(member.id, event.target.checked)}
                />{' '}
                {member.name}
                {member.is_child ? ' (child, no seat)' : ''}
              </label>
            </li>
          );
        })}
      </ul>
      {/* Chosen members hidden by the filter still count. */}
      {chosen
        .filter((id) => !others.some((member) => member.id === id))
        .map((id) => (
          <input key={id} type="hidden" name="coworker" value={id} />
        ))}
    </fieldset>
  );
}

function TeamPicker({ error }: { error?: string }) {
  const loadTeams = useCallback(() => client.everyPage<Team>(client.teams), []);
  const { data, problem } = useLoad(loadTeams);
  if (problem) return <ErrorAlert problem={problem} />;
  if (!data) return <p>Loading your teams…</p>;
  if (data.length === 0) {
    return (
      <p className="field-error">A conference room is booked for a team, and you are in none.</p>
    );
  }
  return (
    <div className="field">
      <label htmlFor="book-team">For the team</label>
      <select
        id="book-team"
        name="team_id"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'team-error' : undefined}
      >
        {data.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name} ({team.size} people)
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id="team-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The submit button's words: what it does next, or what it is doing. */
function labelOf(
  kind: 'waitlist' | 'book' | 'series',
  { pending, preview }: { pending: boolean; preview: SeriesPreview | null },
): string {
  if (kind === 'waitlist') return pending ? 'Joining…' : 'Join waitlist';
  if (kind === 'series' && !preview) return pending ? 'Previewing…' : 'Preview series';
  if (pending) return 'Booking…';
  if (kind === 'book' || !preview) return 'Book';
  const dates = preview.booked.length;
  if (dates === 0) return 'Nothing to book';
  return `Book ${dates} ${dates === 1 ? 'date' : 'dates'}`;
}
