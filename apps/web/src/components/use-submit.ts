import { type FormEvent, useState } from 'react';
import { problemOf, type Problem } from '../api/client';

/**
 * A form sent to the API: busy while it answers, the API's problem when it refuses (shown by
 * ErrorAlert and, per field, by TextField's error). `send` gets the form's data and element.
 */
export function useSubmit(send: (form: FormData, element: HTMLFormElement) => Promise<void>) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    setBusy(true);
    send(new FormData(element), element).then(
      () => {
        setProblem(null);
        setBusy(false);
      },
      (error: unknown) => {
        setProblem(problemOf(error));
        setBusy(false);
      },
    );
  };
  return { problem, busy, onSubmit };
}
