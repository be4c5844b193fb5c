import { Suspense, useState } from 'react';
import { api } from './api/client';
import { ScreenTitle } from './components/screen-title';
import { useSignedIn } from './components/use-session';
import { ROUTES } from './routes';
import { Link, navigate, useLocation } from './router';
import { LoginScreen } from './screens/login.screen';

function NotFoundScreen() {
  return (
    <section>
      <ScreenTitle>Page not found</ScreenTitle>
      <p>
        There is no such page. <Link to="/">Go to the day grid</Link>.
      </p>
    </section>
  );
}

function AdminsOnlyScreen() {
  return (
    <section>
      <ScreenTitle>For admins only</ScreenTitle>
      <p>This page is for the people who run the office.</p>
    </section>
  );
}

export function App() {
  const path = useLocation().pathname.replace(/(.)\/+$/, '$1');
  const me = useSignedIn();
  const route = ROUTES.find((candidate) => candidate.path === path);
  let Screen = route?.screen ?? NotFoundScreen;
  // Signed out: the login form in place, and the asked-for screen once logged in.
  if (route && route.access !== 'public' && !me) Screen = LoginScreen;
  else if (route?.access === 'admin' && me?.role !== 'admin') Screen = AdminsOnlyScreen;
  const links = ROUTES.filter(
    (candidate) =>
      candidate.nav &&
      me &&
      (candidate.access === 'member' || (candidate.access === 'admin' && me.role === 'admin')),
  );

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Workspace booking
        </Link>
        {me && (
          <nav aria-label="Main">
            <ul>
              {links.map((link) => (
                <li key={link.path}>
                  <Link to={link.path} aria-current={link.path === path ? 'page' : undefined}>
                    {link.nav}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {me && <LogoutButton username={me.username} />}
      </header>
      <main id="main">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Screen key={path} />
        </Suspense>
      </main>
    </>
  );
}

function LogoutButton({ username }: { username: string }) {
  const [pending, setPending] = useState(false);
  const logout = () => {
    setPending(true);
    // The tokens are dropped even if the API cannot be told.
    api
      .logout()
      .catch(() => undefined)
      .finally(() => navigate('/login', { replace: true }));
  };
  return (
    <div className="who">
      <span>{username}</span>
      <button type="button" onClick={logout} disabled={pending}>
        Log out
      </button>
    </div>
  );
}
