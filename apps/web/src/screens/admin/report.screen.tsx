import { type FormEvent, useCallback, useState } from 'react';
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { Bar } from 'react-chartjs-2';
import * as client from '../../api/client';
import type { Problem, RoomType, UtilisationQuery, UtilisationRow } from '../../api/client';
import { ROOM_TYPE_NAMES } from '../../components/booking-summary';
import { ErrorAlert, fieldMessage } from '../../components/error-alert';
import { formText } from '../../components/form-text';
import { ScreenTitle } from '../../components/screen-title';
import { ScrollTable } from '../../components/scroll-table';
import { TextField } from '../../components/text-field';
import { useLoad } from '../../components/use-load';

// Only what a bar chart needs, so the chunk stays small (this screen is loaded on demand).
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The last 28 days up to today: four whole weeks. */
function lastFourWeeks(): UtilisationQuery {
  const today = new Date();
  const from = new Date(today);
  from.setUTCDate(today.getUTCDate() - 27);
  return { from: isoDate(from), to: isoDate(today) };
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const rowName = (row: UtilisationRow) => row.room_number ?? ROOM_TYPE_NAMES[row.room_type];

/** Utilisation report (admin): a date range, a bar per room, the numbers as a table, CSV. */
export function ReportScreen() {
  const [query, setQuery] = useState<UtilisationQuery>(lastFourWeeks);
  const load = useCallback(() => client.utilisationReport(query), [query]);
  const { data: report, problem: loadProblem, loading } = useLoad(load);
  const [formProblem, setFormProblem] = useState<Problem | null>(null);
  const problem = formProblem ?? loadProblem;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const roomType = formText(form, 'room_type');
    setFormProblem(null);
    setQuery({
      from: formText(form, 'from'),
      to: formText(form, 'to'),
      ...(roomType ? { room_type: roomType as RoomType } : {}),
    });
  };

  const download = async () => {
    try {
      const csv = await client.utilisationCsv(query);
      saveBlob(csv, `utilisation-${query.from}-${query.to}.csv`);
    } catch (error) {
      setFormProblem(client.problemOf(error));
    }
  };

  return (
    <section>
      <ScreenTitle>Utilisation report</ScreenTitle>
      <form className="filters" onSubmit={submit} aria-labelledby="report-range-heading">
        <h2 id="report-range-heading">Dates</h2>
        <TextField
          name="from"
          label="From"
          type="date"
          required
          defaultValue={query.from}
          error={fieldMessage(problem, 'from')}
        />
        <TextField
          name="to"
          label="To"
          type="date"
          required
          defaultValue={query.to}
          error={fieldMessage(problem, 'to')}
        />
        <div className="field">
          <label htmlFor="field-room_type">Room type</label>
          <select id="field-room_type" name="room_type" defaultValue="">
            <option value="">All types</option>
            {Object.entries(ROOM_TYPE_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Show
        </button>
        <button type="button" onClick={() => void download()} disabled={!report}>
          Download CSV
        </button>
        <ErrorAlert problem={problem} placedFields={['from', 'to']} />
      </form>
      {report && !problem && (
        <div aria-busy={loading}>
          <UtilisationChart rows={report.rooms} from={report.from} to={report.to} />
          <UtilisationTable rows={[...report.room_types, ...report.rooms]} />
        </div>
      )}
    </section>
  );
}

function UtilisationChart({
  rows,
  from,
  to,
}: {
  rows: UtilisationRow[];
  from: string;
  to: string;
}) {
  const summary = `Utilisation per room from ${from} to ${to}; the numbers are in the table below.`;
  return (
    <figure className="report-chart">
      <Bar
        role="img"
        aria-label={summary}
        options={{
          animation: false,
          maintainAspectRatio: false,
          scales: {
            y: { min: 0, max: 100, title: { display: true, text: '% of bookable hours' } },
          },
          plugins: { legend: { position: 'bottom' } },
        }}
        data={{
          labels: rows.map(rowName),
          datasets: [
            {
              label: 'Booked',
              data: rows.map((row) => row.utilisation * 100),
              backgroundColor: '#1f5fa8',
            },
            {
              label: 'Checked in',
              data: rows.map((row) =>
                row.bookable_hours ? (row.checked_in_hours / row.bookable_hours) * 100 : 0,
              ),
              backgroundColor: '#2e8540',
            },
          ],
        }}
      />
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

function UtilisationTable({ rows }: { rows: UtilisationRow[] }) {
  return (
    <ScrollTable
      id="report"
      caption="Hours per room type, then per room"
      columns={['Room', 'Bookable', 'Booked', 'Checked in', 'Released', 'Cancelled', 'Utilisation']}
    >
      {rows.map((row) => (
        <tr key={row.room_id ?? row.room_type}>
          <th scope="row">{row.room_id === null ? `All: ${rowName(row)}` : rowName(row)}</th>
          <td>{row.bookable_hours}</td>
          <td>{row.booked_hours}</td>
          <td>{row.checked_in_hours}</td>
          <td>{row.released_hours}</td>
          <td>{row.cancelled_hours}</td>
          <td>{percent(row.utilisation)}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** Saves a blob under `name` through a temporary link (the CSV needs the bearer token). */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
