import { type FormEvent, useRef, useState } from 'react';
import * as client from '../../api/client';
import type { Problem, Room, RoomType } from '../../api/client';
import { ROOM_TYPE_NAMES } from '../../components/booking-summary';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';

/** Rooms (admin): every room with whether it is active, a new room, and closing one for dates. */
export function RoomsScreen() {
  const { data: rooms, problem, reload } = useLoad(client.rooms);
  const [closing, setClosing] = useState<Room | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);

  const announce = (message: string) => {
    setDone(message);
    requestAnimationFrame(() => status.current?.focus());
  };

  return (
    <section>
      <ScreenTitle>Rooms</ScreenTitle>
      <p className="status" role="status" tabIndex={-1} ref={status}>
        {done}
      </p>
      <CreateRoomForm
        onCreated={(room) => {
          announce(`Created ${room.room_number}.`);
          reload();
        }}
      />
      <ErrorAlert problem={problem} />
      {rooms && (
        <div className="table-scroll" role="region" aria-labelledby="rooms-caption" tabIndex={0}>
          <table>
            <caption id="rooms-caption">
              {rooms.length} {rooms.length === 1 ? 'room' : 'rooms'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">Type</th>
                <th scope="col">Capacity</th>
                <th scope="col">Active</th>
                <th scope="col">Closure</th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room) => (
                <tr key={room.id}>
                  <th scope="row">{room.room_number}</th>
                  <td>{ROOM_TYPE_NAMES[room.room_type]}</td>
                  <td>{room.capacity}</td>
                  <td>{room.is_active ? 'Active' : 'Inactive'}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Close ${room.room_number} for some dates`}
                      onClick={() => setClosing(room)}
                    >
                      Close…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {closing && (
        <CloseRoomForm
          key={closing.id}
          room={closing}
          onClosed={(message) => {
            setClosing(null);
            announce(message);
          }}
          onCancel={() => setClosing(null)}
        />
      )}
    </section>
  );
}

function CreateRoomForm({ onCreated }: { onCreated: (room: Room) => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    try {
      const room = await client.createRoom({
        room_number: formText(form, 'room_number'),
        room_type: formText(form, 'room_type') as RoomType,
        capacity: Number(formText(form, 'capacity')),
      });
      setProblem(null);
      formElement.reset();
      onCreated(room);
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
      aria-labelledby="new-room-heading"
    >
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
      <button type="submit" className="primary" disabled={busy}>
        Create room
      </button>
      <ErrorAlert problem={problem} placedFields={['room_number', 'capacity']} />
    </form>
  );
}

function CloseRoomForm({
  room,
  onClosed,
  onCancel,
}: {
  room: Room;
  onClosed: (message: string) => void;
  onCancel: () => void;
}) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const closure = await client.closeRoom(room.id, {
        start_date: formText(form, 'start_date'),
        end_date: formText(form, 'end_date'),
        reason: formText(form, 'reason'),
        // Bookings inside: the API answers 409 CLOSURE_CONFLICT naming them, shown below.
        cancel_conflicting: false,
      });
      onClosed(
        `Closed ${room.room_number} from ${closure.start_date} to ${closure.end_date}: ${closure.reason}.`,
      );
    } catch (error) {
      setProblem(client.problemOf(error));
      setBusy(false);
    }
  };

  const heading = `close-${room.id}-heading`;
  return (
    <form className="filters" onSubmit={(event) => void submit(event)} aria-labelledby={heading}>
      <h2 id={heading}>Close {room.room_number}</h2>
      <TextField
        name="start_date"
        label="First closed date"
        type="date"
        required
        error={fieldMessage(problem, 'start_date')}
      />
      <TextField
        name="end_date"
        label="Last closed date"
        type="date"
        required
        error={fieldMessage(problem, 'end_date')}
      />
      <TextField
        name="reason"
        label="Reason"
        required
        maxLength={200}
        error={fieldMessage(problem, 'reason')}
      />
      <button type="submit" className="primary" disabled={busy}>
        Close room
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorAlert problem={problem} placedFields={['start_date', 'end_date', 'reason']} />
    </form>
  );
}
