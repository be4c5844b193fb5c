import { useCallback, useState } from 'react';
import * as client from '../../api/client';
import type {
  Closure,
  CreateClosureRequest,
  Problem,
  Room,
  RoomType,
  Site,
  UpdateRoomRequest,
} from '../../api/client';
import { ROOM_TYPE_NAMES } from '../../components/booking-summary';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { FormButtons } from '../../components/form-buttons';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';
import { focusSoon, useStatus } from '../../components/use-status';
import { useSubmit } from '../../components/use-submit';

type Panel = { kind: 'edit' | 'close'; room: Room } | null;

/**
 * Rooms (admin): every room with whether it is active, a new room, editing one, closing one or
 * every room for dates, and the list of closures with Lift.
 */
export function RoomsScreen() {
  const { data: rooms, problem, reload } = useLoad(client.rooms);
  // With several sites a room says which one it is in, and a new one asks (SITE_REQUIRED otherwise).
  const { data: sites } = useLoad(client.sites);
  const manySites = sites && sites.length > 1 ? sites : null;
  const [panel, setPanel] = useState<Panel>(null);
  const [closuresVersion, setClosuresVersion] = useState(0);
  const { status, announce } = useStatus();

  // Cancel: focus goes back to the button that opened the form.
  const dismiss = () => {
    if (!panel) return;
    setPanel(null);
    focusSoon(`${panel.kind}-${panel.room.id}-open`);
  };
  const closed = (message: string) => {
    setPanel(null);
    setClosuresVersion((n) => n + 1);
    announce(message);
  };

  return (
    <section>
      <ScreenTitle>Rooms</ScreenTitle>
      {status}
      <CreateRoomForm
        sites={manySites}
        onCreated={(room) => {
          announce(
            manySites
              ? `Created ${room.room_number} in ${room.site.code}.`
              : `Created ${room.room_number}.`,
          );
          reload();
        }}
      />
      <ErrorAlert problem={problem} />
      {rooms && (
        <ScrollTable
          id="rooms"
          caption={`${rooms.length} ${rooms.length === 1 ? 'room' : 'rooms'}`}
          columns={[
            'Room',
            ...(manySites ? ['Site'] : []),
            'Type',
            'Capacity',
            'Active',
            'Actions',
          ]}
        >
          {rooms.map((room) => (
            <tr key={room.id}>
              <th scope="row">{room.room_number}</th>
              {manySites && <td>{room.site.code}</td>}
              <td>{ROOM_TYPE_NAMES[room.room_type]}</td>
              <td>{room.capacity}</td>
              <td>{room.is_active ? 'Active' : 'Inactive'}</td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    id={`edit-${room.id}-open`}
                    aria-label={`Edit ${room.room_number}`}
                    onClick={() => setPanel({ kind: 'edit', room })}
                  >
                    Edit…
                  </button>
                  <button
                    type="button"
                    id={`close-${room.id}-open`}
                    aria-label={`Close ${room.room_number} for some dates`}
                    onClick={() => setPanel({ kind: 'close', room })}
                  >
                    Close…
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {panel?.kind === 'edit' && (
        <EditRoomForm
          key={`edit-${panel.room.id}`}
          room={panel.room}
          onSaved={(room) => {
            setPanel(null);
            reload();
            announce(
              `Saved ${room.room_number}: capacity ${room.capacity}, ${room.is_active ? 'active' : 'inactive'}.`,
            );
          }}
          onCancel={dismiss}
        />
      )}
      {panel?.kind === 'close' && (
        <ClosureForm
          key={`close-${panel.room.id}`}
          title={`Close ${panel.room.room_number}`}
          prefix={`close-${panel.room.id}`}
          submitLabel="Close room"
          send={(closure) => client.closeRoom(panel.room.id, closure)}
          onClosed={(closure) =>
            closed(
              `Closed ${panel.room.room_number} from ${closure.start_date} to ${closure.end_date}: ${closure.reason}.`,
            )
          }
          onCancel={dismiss}
        />
      )}
      <ClosureForm
        title="Close every room"
        prefix="close-all"
        submitLabel="Close every room"
        send={client.closeWorkspace}
        onClosed={(closure) =>
          closed(
            `Closed every room from ${closure.start_date} to ${closure.end_date}: ${closure.reason}.`,
          )
        }
      />
      {rooms && <ClosuresTable rooms={rooms} version={closuresVersion} onLifted={announce} />}
    </section>
  );
}

function CreateRoomForm({
  sites,
  onCreated,
}: {
  sites: Site[] | null;
  onCreated: (room: Room) => void;
}) {
  const { problem, busy, onSubmit } = useSubmit(async (form, element) => {
    const room = await client.createRoom({
      room_number: formText(form, 'room_number'),
      room_type: formText(form, 'room_type') as RoomType,
      capacity: Number(formText(form, 'capacity')),
      ...(sites ? { site: formText(form, 'site') } : {}),
    });
    element.reset();
    onCreated(room);
  });

  return (
    <form className="filters" onSubmit={onSubmit} aria-labelledby="new-room-heading">
      <h2 id="new-room-heading">New room</h2>
      <TextField
        name="room_number"
        label="Room number"
        required
        maxLength={10}
        error={fieldMessage(problem, 'room_number')}
      />
      <div className="field">
        <label htmlFor="field-room_type">Room type</label>
        <select id="field-room_type" name="room_type" defaultValue="PRIVATE">
          {Object.entries(ROOM_TYPE_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <TextField
        name="capacity"
        label="Capacity"
        type="number"
        min={1}
        max={50}
        required
        defaultValue={1}
        error={fieldMessage(problem, 'capacity')}
      />
      {sites && (
        <div className="field">
          <label htmlFor="field-site">Site</label>
          <select id="field-site" name="site" defaultValue={sites[0].code}>
            {sites.map((site) => (
              <option key={site.id} value={site.code}>
                {site.code} · {site.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <FormButtons submit="Create room" busy={busy} />
      <ErrorAlert problem={problem} placedFields={['room_number', 'capacity']} />
    </form>
  );
}

/** Rename, resize, deactivate or reactivate; sends only what changed. */
function EditRoomForm({
  room,
  onSaved,
  onCancel,
}: {
  room: Room;
  onSaved: (room: Room) => void;
  onCancel: () => void;
}) {
  const prefix = `edit-${room.id}`;
  // ROOM_IN_USE names the bookings that hold the room; shown below the form.
  const { problem, busy, onSubmit } = useSubmit(async (form) => {
    const change: UpdateRoomRequest = {};
    const number = formText(form, 'room_number').trim();
    if (number.toUpperCase() !== room.room_number) change.room_number = number;
    const capacity = Number(formText(form, 'capacity'));
    if (capacity !== room.capacity) change.capacity = capacity;
    const active = form.get('is_active') === 'on';
    if (active !== room.is_active) change.is_active = active;
    onSaved(await client.updateRoom(room.id, change));
  });

  const heading = `${prefix}-heading`;
  return (
    <form className="filters panel" onSubmit={onSubmit} aria-labelledby={heading}>
      <h2 id={heading}>Edit {room.room_number}</h2>
      <TextField
        id={`${prefix}-room_number`}
        name="room_number"
        label="Room number"
        required
        maxLength={10}
        defaultValue={room.room_number}
        // Opens below the table: the keyboard lands in it.
        autoFocus
        error={fieldMessage(problem, 'room_number')}
      />
      <TextField
        id={`${prefix}-capacity`}
        name="capacity"
        label="Capacity"
        type="number"
        min={1}
        max={50}
        required
        defaultValue={room.capacity}
        error={fieldMessage(problem, 'capacity')}
      />
      <div className="field checkbox">
        <label>
          <input type="checkbox" name="is_active" defaultChecked={room.is_active} /> Active
          (bookable)
        </label>
      </div>
      <FormButtons submit="Save room" busy={busy} onCancel={onCancel} />
      <ErrorAlert problem={problem} placedFields={['room_number', 'capacity']} />
    </form>
  );
}

const HOUR_CHOICES = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * Closing one room (roomId) or every room: dates, optional hours, a reason, and whether the
 * bookings inside are cancelled (else the API refuses with CLOSURE_CONFLICT naming them).
 */
function ClosureForm({
  title,
  prefix,
  submitLabel,
  send,
  onClosed,
  onCancel,
}: {
  title: string;
  prefix: string;
  submitLabel: string;
  send: (closure: CreateClosureRequest) => Promise<Closure>;
  onClosed: (closure: Closure) => void;
  onCancel?: () => void;
}) {
  const { problem, busy, onSubmit } = useSubmit(async (form, element) => {
    const from = formText(form, 'start_time');
    const until = formText(form, 'end_time');
    const closure = await send({
      start_date: formText(form, 'start_date'),
      end_date: formText(form, 'end_date'),
      ...(from ? { start_time: `${from}:00` } : {}),
      ...(until ? { end_time: `${until}:00` } : {}),
      reason: formText(form, 'reason'),
      cancel_conflicting: form.get('cancel_conflicting') === 'on',
    });
    element.reset();
    onClosed(closure);
  });

  const heading = `${prefix}-heading`;
  const errorId = `${prefix}-error`;
  return (
    <form className="filters panel" onSubmit={onSubmit} aria-labelledby={heading}>
      <h2 id={heading}>{title}</h2>
      <TextField
        id={`${prefix}-start_date`}
        name="start_date"
        label="First closed date"
        type="date"
        required
        // A room's form opens below the table: the keyboard lands in it.
        autoFocus={Boolean(onCancel)}
        error={fieldMessage(problem, 'start_date')}
      />
      <TextField
        id={`${prefix}-end_date`}
        name="end_date"
        label="Last closed date"
        type="date"
        required
        error={fieldMessage(problem, 'end_date')}
      />
      <div className="field">
        <label htmlFor={`${prefix}-start_time`}>From</label>
        <select id={`${prefix}-start_time`} name="start_time" defaultValue="">
          <option value="">Whole day</option>
          {HOUR_CHOICES.slice(0, -1).map((hour) => (
            <option key={hour} value={hh(hour)}>
              {hh(hour)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-end_time`}>Until</label>
        <select id={`${prefix}-end_time`} name="end_time" defaultValue="">
          <option value="">Whole day</option>
          {HOUR_CHOICES.slice(1).map((hour) => (
            <option key={hour} value={hh(hour)}>
              {hh(hour)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id={`${prefix}-reason`}
        name="reason"
        label="Reason"
        required
        maxLength={200}
        error={fieldMessage(problem, 'reason')}
      />
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            name="cancel_conflicting"
            aria-describedby={problem ? errorId : undefined}
          />{' '}
          Cancel the bookings inside
        </label>
      </div>
      <FormButtons submit={submitLabel} busy={busy} onCancel={onCancel} />
      <ErrorAlert
        problem={problem}
        id={errorId}
        placedFields={['start_date', 'end_date', 'reason']}
      />
    </form>
  );
}

const hoursOf = (closure: Closure) =>
  closure.start_time === '09:00:00' && closure.end_time === '18:00:00'
    ? 'Whole day'
    : `${closure.start_time.slice(0, 5)}–${closure.end_time.slice(0, 5)}`;

const datesOf = (closure: Closure) =>
  closure.start_date === closure.end_date
    ? closure.start_date
    : `${closure.start_date} to ${closure.end_date}`;

/** Every closure, workspace-wide and per room, each with Lift. */
function ClosuresTable({
  rooms,
  version,
  onLifted,
}: {
  rooms: Room[];
  version: number;
  onLifted: (message: string) => void;
}) {
  const load = useCallback(async () => {
    void version; // reloads after a close or a lift
    const [everyRoom, own] = await Promise.all([
      client.workspaceClosures(),
      Promise.all(rooms.map((room) => client.roomClosures(room.id))),
    ]);
    return [...everyRoom, ...own.flat()].sort(
      (a, b) => a.start_date.localeCompare(b.start_date) || a.id - b.id,
    );
  }, [rooms, version]);
  const { data: closures, problem, reload } = useLoad(load);
  const [lifting, setLifting] = useState<number | null>(null);
  const [liftProblem, setLiftProblem] = useState<{ id: number; problem: Problem } | null>(null);

  const lift = (closure: Closure, where: string) => {
    setLifting(closure.id);
    setLiftProblem(null);
    client.liftClosure(closure).then(
      () => {
        setLifting(null);
        onLifted(`Lifted the closure of ${where} (${datesOf(closure)}).`);
        reload();
      },
      (error: unknown) => {
        setLifting(null);
        setLiftProblem({ id: closure.id, problem: client.problemOf(error) });
      },
    );
  };

  return (
    <section aria-labelledby="closures-title">
      <h2 id="closures-title">Closures</h2>
      <ErrorAlert problem={problem} />
      {closures && closures.length === 0 && <p>No room is closed.</p>}
      {closures && closures.length > 0 && (
        <ScrollTable
          id="closures"
          caption={`${closures.length} ${closures.length === 1 ? 'closure' : 'closures'}`}
          columns={['Where', 'Dates', 'Hours', 'Reason', 'Lift']}
        >
          {closures.map((closure) => {
            const where = closure.room ? closure.room.room_number : 'every room';
            const key = `${closure.room ? 'room' : 'all'}-${closure.id}`;
            const failed =
              liftProblem && liftProblem.id === closure.id ? liftProblem.problem : null;
            return (
              <tr key={key}>
                <th scope="row">{closure.room ? closure.room.room_number : 'Every room'}</th>
                <td>{datesOf(closure)}</td>
                <td>{hoursOf(closure)}</td>
                <td>{closure.reason}</td>
                <td>
                  <button
                    type="button"
                    disabled={lifting !== null}
                    onClick={() => lift(closure, where)}
                    aria-describedby={failed ? `${key}-error` : undefined}
                  >
                    Lift
                    <span className="visually-hidden">
                      {' '}
                      the closure of {where}, {datesOf(closure)}
                    </span>
                  </button>
                  <ErrorAlert problem={failed} id={`${key}-error`} />
                </td>
              </tr>
            );
          })}
        </ScrollTable>
      )}
    </section>
  );
}
