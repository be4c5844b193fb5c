import { useState } from 'react';
import type {
  CreateBookingRequest,
  CreateSeriesRequest,
  Recurrence,
  SeriesPreview,
} from '../api/client';
import { formText } from '../components/form-text';

type Weekday = NonNullable<Recurrence['weekdays']>[number];
const WEEKDAYS: { code: Weekday; name: string }[] = [
  { code: 'MO', name: 'Monday' },
  { code: 'TU', name: 'Tuesday' },
  { code: 'WE', name: 'Wednesday' },
  { code: 'TH', name: 'Thursday' },
  { code: 'FR', name: 'Friday' },
  { code: 'SA', name: 'Saturday' },
  { code: 'SU', name: 'Sunday' },
];

/** The weekday code of a YYYY-MM-DD date (the API's default for a weekly series). */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7].code;
}

/** The series body from the dialog's form: the booking's body, start_date and the rule. */
export function seriesRequestOf(
  booking: CreateBookingRequest,
  form: FormData,
  onConflict: 'fail' | 'skip',
): CreateSeriesRequest {
  const frequency = formText(form, 'frequency') === 'DAILY' ? 'DAILY' : 'WEEKLY';
  const recurrence: Recurrence = {
    frequency,
    interval: Number(formText(form, 'interval')) || 1,
  };
  if (frequency === 'WEEKLY') {
    const days = form.getAll('weekday').map(String) as Weekday[];
    if (days.length > 0) recurrence.weekdays = days;
  }
  if (formText(form, 'ends') === 'until') recurrence.until = formText(form, 'until');
  else recurrence.count = Number(formText(form, 'count'));
  const { date, ...rest } = booking;
  return {
    ...rest,
    start_date: date,
    recurrence,
    on_conflict: onConflict,
  } as CreateSeriesRequest;
}

/** Repeat inputs of the booking dialog: how often, on which weekdays, until when. */
export function SeriesFields({ date, error }: { date: string; error?: string }) {
  const [frequency, setFrequency] = useState<'DAILY' | 'WEEKLY'>('WEEKLY');
  const [ends, setEnds] = useState<'count' | 'until'>('count');
  const first = weekdayOf(date);
  const recurrenceError = error;
  return (
    <fieldset className="picker series">
      <legend>Repeat</legend>
      <div className="field">
        <label htmlFor="series-frequency">Repeats</label>
        <select
          id="series-frequency"
          name="frequency"
          value={frequency}
          onChange={(event) => setFrequency(event.target.value as 'DAILY' | 'WEEKLY')}
        >
          <option value="WEEKLY">Weekly</option>
          <option value="DAILY">Daily</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="series-interval">
          Every how many {frequency === 'DAILY' ? 'days' : 'weeks'}
        </label>
        <input
          id="series-interval"
          name="interval"
          type="number"
          min={1}
          max={52}
          defaultValue={1}
        />
      </div>
      {frequency === 'WEEKLY' && (
        <fieldset className="weekdays">
          <legend>On</legend>
          {WEEKDAYS.map((day) => (
            <label key={day.code}>
              <input
                type="checkbox"
                name="weekday"
                value={day.code}
                defaultChecked={day.code === first}
              />{' '}
              <abbr title={day.name}>{day.code}</abbr>
              <span className="visually-hidden"> {day.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="weekdays">
        <legend>Ends</legend>
        <label>
          <input
            type="radio"
            name="ends"
            value="count"
            checked={ends === 'count'}
            onChange={() => setEnds('count')}
          />{' '}
          After a number of dates
        </label>
        <label>
          <input
            type="radio"
            name="ends"
            value="until"
            checked={ends === 'until'}
            onChange={() => setEnds('until')}
          />{' '}
          On a date
        </label>
      </fieldset>
      {ends === 'count' ? (
        <div className="field">
          <label htmlFor="series-count">Number of dates (up to 100)</label>
          <input
            id="series-count"
            name="count"
            type="number"
            min={1}
            max={100}
            defaultValue={4}
            required
            aria-invalid={recurrenceError ? true : undefined}
            aria-describedby={recurrenceError ? 'series-error' : undefined}
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="series-until">Last date</label>
          <input
            id="series-until"
            name="until"
            type="date"
            min={date}
            required
            aria-invalid={recurrenceError ? true : undefined}
            aria-describedby={recurrenceError ? 'series-error' : undefined}
          />
        </div>
      )}
      {recurrenceError && (
        <p className="field-error" id="series-error">
          {recurrenceError}
        </p>
      )}
    </fieldset>
  );
}

const hhmm = (time: string) => time.slice(0, 5);

/** What a dry run answered: the dates that would be booked, and those refused with why. */
export function SeriesPreviewList({ preview }: { preview: SeriesPreview }) {
  return (
    <section className="series-preview" aria-labelledby="series-preview-title">
      <h3 id="series-preview-title" tabIndex={-1}>
        Preview: {preview.booked.length} to book, {preview.skipped.length} refused
      </h3>
      {preview.booked.length > 0 && (
        <>
          <h4 id="series-would-book">Would be booked</h4>
          <ul aria-labelledby="series-would-book">
            {preview.booked.map((planned) => (
              <li key={planned.date}>
                <span aria-hidden="true">✓ </span>
                {planned.date}, {hhmm(planned.time_slot)}–{hhmm(planned.end_time)},{' '}
                {planned.room.room_number}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.skipped.length > 0 && (
        <>
          <h4 id="series-refused">Refused</h4>
          <ul aria-labelledby="series-refused">
            {preview.skipped.map((skipped) => (
              <li key={skipped.date}>
                <span aria-hidden="true">✕ </span>
                {skipped.date}: {skipped.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
