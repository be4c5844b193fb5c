import { type FormEvent, useState } from 'react';
import { problemOf, setPassword, type Problem } from '../api/client';
import { ErrorAlert, fieldMessage } from '../components/error-alert';
import { formText } from '../components/form-text';
import { ScreenTitle } from '../components/screen-title';
import { TextField } from '../components/text-field';
import { Link, useLocation } from '../router';

/**
 * The page of a one-time `set_password_url` (`/set-password?token=...`), for members an admin
 * created without a password: choose one, then log in as usual.
 */
export function SetPasswordScreen() {
  const token = useLocation().searchParams.get('token') ?? '';
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = formText(form, 'password');
    if (password !== formText(form, 'password_confirm')) {
      setProblem({
        detail: 'The two passwords differ.',
        fields: [{ field: 'password_confirm', message: 'Type the same password again.' }],
      });
      return;
    }
    setPending(true);
    setProblem(null);
    setPassword(token, password).then(
      () => setDone(true),
      (error: unknown) => {
        setProblem(problemOf(error));
        setPending(false);
      },
    );
  };

  if (done) {
    return (
      <section className="narrow">
        <ScreenTitle>Password set</ScreenTitle>
        <p role="status">
          Your password is set. <Link to="/login">Log in</Link> with your username and it.
        </p>
      </section>
    );
  }
  if (!token) {
    return (
      <section className="narrow">
        <ScreenTitle>Set your password</ScreenTitle>
        <div className="error" role="alert">
          <span aria-hidden="true">⚠ </span>
          This link has no token. Open the whole link you were given, or ask an admin for a new one.
        </div>
      </section>
    );
  }
  return (
    <section className="narrow">
      <ScreenTitle>Set your password</ScreenTitle>
      <form onSubmit={submit}>
        <TextField
          name="password"
          label="New password (8 characters or more)"
          type="password"
          autoComplete="new-password"
          required
          error={fieldMessage(problem, 'password')}
        />
        <TextField
          name="password_confirm"
          label="New password again"
          type="password"
          autoComplete="new-password"
          required
          error={fieldMessage(problem, 'password_confirm')}
        />
        <ErrorAlert problem={problem} placedFields={['password', 'password_confirm']} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Setting…' : 'Set password'}
        </button>
      </form>
      <p>
        Password already set? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
