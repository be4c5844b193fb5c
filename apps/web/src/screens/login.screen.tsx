import { type FormEvent, useState } from 'react';
import { api, problemOf, type Problem } from '../api/client';
import { ErrorAlert } from '../components/error-alert';
import { formText } from '../components/form-text';
import { ScreenTitle } from '../components/screen-title';
import { TextField } from '../components/text-field';
import { Link, navigate } from '../router';

export function LoginScreen() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    api.login(formText(form, 'username'), formText(form, 'password')).then(
      () => {
        // On /login itself go to the grid; elsewhere the screen asked for is shown now.
        if (window.location.pathname === '/login') navigate('/', { replace: true });
      },
      (error: unknown) => {
        setProblem(problemOf(error));
        setPending(false);
      },
    );
  };

  return (
    <section className="narrow">
      <ScreenTitle>Log in</ScreenTitle>
      <form onSubmit={submit} aria-describedby={problem ? 'login-error' : undefined}>
        <TextField name="username" label="Username" autoComplete="username" required />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
        <ErrorAlert problem={problem} id="login-error" />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}
