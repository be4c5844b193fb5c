import type { Problem } from '../api/client';

/**
 * The API's `detail`, announced (role=alert) and placed beside what caused it; field errors
 * the form did not place next to an input are listed under it.
 */
export function ErrorAlert({
  problem,
  id,
  placedFields = [],
}: {
  problem: Problem | null;
  id?: string;
  placedFields?: string[];
}) {
  if (!problem) return null;
  const unplaced = problem.fields.filter((field) => !placedFields.includes(field.field));
  return (
    <div className="error" role="alert" id={id}>
      <span aria-hidden="true">⚠ </span>
      {problem.detail}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((field) => (
            <li key={field.field + field.message}>{field.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The message for one field, if the API refused it. */
export function fieldMessage(problem: Problem | null, field: string): string | undefined {
  return problem?.fields.find((error) => error.field === field)?.message;
}
