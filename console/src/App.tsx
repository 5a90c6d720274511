/**
 * The shell: who is signed in, the navigation, and which screen the address
 * names. Routes live in the hash (`#/campaigns/ID`) so the console works from
 * any path the service or a proxy serves it under, without server rewrites.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { Api, ApiError, type Me } from './api';
import { Loading } from './ui';
import { Queue } from './screens/Queue';
import { AccountScreen } from './screens/Account';
import { AuditScreen } from './screens/Audit';
import { BlocklistScreen } from './screens/Blocklist';

// The campaign page carries sigma and graphology; the other screens load without them.
const CampaignScreen = lazy(() => import('./screens/Campaign').then((m) => ({ default: m.CampaignScreen })));

const TOKEN_KEY = 'distillguard.token';

export interface Session { api: Api; me: Me }

type Route =
  | { name: 'queue' }
  | { name: 'campaign'; id: string }
  | { name: 'account'; id: string }
  | { name: 'audit' }
  | { name: 'blocklist' };

function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  if (parts[0] === 'campaigns' && parts[1]) return { name: 'campaign', id: parts[1] };
  if (parts[0] === 'accounts' && parts[1]) return { name: 'account', id: parts[1] };
  if (parts[0] === 'audit') return { name: 'audit' };
  if (parts[0] === 'blocklist') return { name: 'blocklist' };
  return { name: 'queue' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => { setRoute(parseRoute(window.location.hash)); window.scrollTo(0, 0); };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [expired, setExpired] = useState(false);
  const onUnauthorized = () => { sessionStorage.removeItem(TOKEN_KEY); setSession(null); setExpired(true); };
  const [checking, setChecking] = useState(() => !!sessionStorage.getItem(TOKEN_KEY));
  const route = useRoute();

  // A token kept from earlier in this tab is checked again before it is trusted.
  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return;
    const api = new Api(token, onUnauthorized);
    api.me().then((me) => setSession({ api, me }), () => sessionStorage.removeItem(TOKEN_KEY)).finally(() => setChecking(false));
  }, []);

  const signOut = () => { sessionStorage.removeItem(TOKEN_KEY); setSession(null); };

  if (checking) return <main className="page"><Loading what="your session" /></main>;
  if (!session) {
    return <SignIn expired={expired}
      onSignedIn={(me, token) => { sessionStorage.setItem(TOKEN_KEY, token); setExpired(false); setSession({ api: new Api(token, onUnauthorized), me }); }} />;
  }

  const here = route.name;
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <a className="brand" href="#/">distillguard</a>
        <nav aria-label="Main">
          <a href="#/" aria-current={here === 'queue' || here === 'campaign' ? 'page' : undefined}>Campaigns</a>
          <a href="#/blocklist" aria-current={here === 'blocklist' ? 'page' : undefined}>Block list</a>
          <a href="#/audit" aria-current={here === 'audit' ? 'page' : undefined}>Audit log</a>
        </nav>
        <div className="who" data-testid="who">
          <span>{session.me.name}</span> <span className={`badge role-${session.me.role}`}>{session.me.role}</span>
          <button type="button" className="link" onClick={signOut}>Sign out</button>
        </div>
      </header>
      {session.me.role === 'viewer' && (
        <p className="banner" role="note">You are signed in as a viewer: you can read everything; actions need an analyst.</p>
      )}
      <main id="main" className="page" tabIndex={-1}>
        <Suspense fallback={<Loading what="the campaign page" />}>
          {route.name === 'queue' && <Queue session={session} />}
          {route.name === 'campaign' && <CampaignScreen key={route.id} session={session} id={route.id} />}
          {route.name === 'account' && <AccountScreen key={route.id} session={session} id={route.id} />}
          {route.name === 'audit' && <AuditScreen session={session} />}
          {route.name === 'blocklist' && <BlocklistScreen session={session} />}
        </Suspense>
      </main>
    </>
  );
}

function SignIn({ onSignedIn, expired }: { onSignedIn: (me: Me, token: string) => void; expired: boolean }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const t = token.trim();
    if (!t) return;
    setBusy(true); setError(null);
    try {
      onSignedIn(await new Api(t).me(), t);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'The service does not know this token.' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-describedby="signin-help">
        <h1>distillguard</h1>
        {expired && <p className="state error" role="alert">The service no longer accepts your token; sign in again.</p>}
        <p id="signin-help">Paste the API token your administrator gave you. It stays in this browser tab only and is forgotten when the tab closes.</p>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
        {error && <p className="state error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy || !token.trim()}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
