import { type FormEvent, useState } from 'react';
import { api, problemOf, type Problem, type RegisterRequest } from '../api/client';
import { ErrorAlert, fieldMessage } from '../components/error-alert';
import { formText } from '../components/form-text';
import { ScreenTitle } from '../components/screen-title';
import { TextField } from '../components/text-field';
import { Link, navigate } from '../router';

const FIELDS = ['name', 'age', 'gender', 'username', 'email', 'password', 'password_confirm'];

export function RegisterScreen() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name);
    const account: RegisterRequest = {
      name: text('name'),
      age: Number(text('age')),
      gender: text('gender') as RegisterRequest['gender'],
      username: text('username'),
      email: text('email'),
      password: text('password'),
      password_confirm: text('password_confirm'),
    };
    setPending(true);
    api.register(account).then(
      () => navigate('/', { replace: true }),
      (error: unknown) => {
        setProblem(problemOf(error));
        setPending(false);
      },
    );
  };
  const error = (field: string) => fieldMessage(problem, field);

  return (
    <section className="narrow">
      <ScreenTitle>Create an account</ScreenTitle>
      <form onSubmit={submit}>
        <TextField
          name="name"
          label="Full name"
          autoComplete="name"
          required
          error={error('name')}
        />
        <TextField
          name="age"
          label="Age"
          type="number"
          min={0}
          max={150}
          inputMode="numeric"
          required
          error={error('age')}
        />
        <div className="field">
          <label htmlFor="field-gender">Gender</label>
          <select
            id="field-gender"
            name="gender"
            defaultValue="O"
            aria-invalid={error('gender') ? true : undefined}
          >
            <option value="F">Female</option>
            <option value="M">Male</option>
            <option value="O">Other / prefer not to say</option>
          </select>
          {error('gender') && <p className="field-error">{error('gender')}</p>}
        </div>
        <TextField
          name="username"
          label="Username"
          autoComplete="username"
          required
          error={error('username')}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          error={error('email')}
        />
        <TextField
          name="password"
          label="Password (8 characters or more)"
          type="password"
          autoComplete="new-password"
          required
          error={error('password')}
        />
        <TextField
          name="password_confirm"
          label="Password again"
          type="password"
          autoComplete="new-password"
          required
          error={error('password_confirm')}
        />
        <ErrorAlert problem={problem} placedFields={FIELDS} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already registered? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
