import { ApiError } from './api-error';

export interface TokenPair {
  access: string;
  refresh: string;
}

export type Fetch = (request: Request) => Promise<Response>;

export interface TokenSessionOptions {
  baseUrl: string;
  fetch: Fetch;
  tokens: TokenPair | null;
  onTokens?: (tokens: TokenPair | null) => void;
}

/** Log in, register and refresh are public: no bearer, and their 401 means what it says. */
const PUBLIC_AUTH_PATHS = ['/api/token', '/api/token/refresh', '/api/v1/register'];

/**
 * Holds the token pair and is the fetch under the typed client: it adds the bearer and, when
 * an answer is 401 and a refresh token is held, rotates the pair once and replays the request
 * once. Refresh tokens rotate and a reused one revokes its whole family, so every request that
 * fails with the same pair waits on the one refresh under way instead of starting its own.
 */
export class TokenSession {
  private current: TokenPair | null;
  private refreshing: Promise<TokenPair> | null = null;

  constructor(private readonly options: TokenSessionOptions) {
    this.current = options.tokens;
  }

  get tokens(): TokenPair | null {
    return this.current;
  }

  set(tokens: TokenPair | null): void {
    this.current = tokens;
    this.options.onTokens?.(tokens);
  }

  readonly fetch: Fetch = async (request) => {
    const sent = this.current;
    if (!sent || isPublicAuth(request) || request.headers.has('authorization')) {
      return this.options.fetch(request);
    }
    // Cloned before sending: a body can be read only once.
    const replay = request.clone();
    const response = await this.options.fetch(withBearer(request, sent));
    if (response.status !== 401 || !this.current) return response;
    let renewed: TokenPair;
    try {
      renewed = await this.renewAfter(sent, this.current);
    } catch (error) {
      // The refresh was refused: the caller gets the original 401.
      if (error instanceof ApiError) return response;
      throw error;
    }
    await response.body?.cancel();
    return this.options.fetch(withBearer(replay, renewed));
  };

  /** A pair newer than `stale`: the one in hand, the refresh under way, or a new refresh. */
  private renewAfter(stale: TokenPair, current: TokenPair): Promise<TokenPair> {
    if (current !== stale) return Promise.resolve(current);
    this.refreshing ??= this.rotate(current).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(from: TokenPair): Promise<TokenPair> {
    const response = await this.options.fetch(
      new Request(`${this.options.baseUrl.replace(/\/+$/, '')}/api/token/refresh/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh: from.refresh }),
      }),
    );
    const body: unknown = await readBody(response);
    if (!response.ok) {
      // A 401 here means the refresh token is spent, revoked or expired: the session is over.
      if (response.status === 401 && this.current === from) this.set(null);
      throw ApiError.from(response, body);
    }
    const pair = body as TokenPair;
    // Tokens set by the caller while the refresh was under way win.
    if (this.current === from) this.set({ access: pair.access, refresh: pair.refresh });
    return this.current ?? pair;
  }
}

function isPublicAuth(request: Request): boolean {
  const path = new URL(request.url).pathname.replace(/\/+$/, '');
  return PUBLIC_AUTH_PATHS.some((publicPath) => path.endsWith(publicPath));
}

function withBearer(request: Request, tokens: TokenPair): Request {
  request.headers.set('Authorization', `Bearer ${tokens.access}`);
  return request;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
