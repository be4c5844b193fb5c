import { Client } from 'pg';

export interface NotificationListenerOptions {
  url: string;
  /** A plain identifier (letters, digits, underscores). */
  channel: string;
  onNotification(payload: string): void;
  /**
   * True once LISTEN is in place, false when the connection is lost. Notifications sent while
   * it was down are gone, so a listener that caches must forget everything on either change.
   */
  onListening(listening: boolean): void;
  /** Wait before reconnecting; doubles up to 10x on repeated failures. */
  retryMs?: number;
}

export interface NotificationListener {
  readonly listening: boolean;
  stop(): Promise<void>;
}

/**
 * LISTEN on one channel over a dedicated connection (a pooled one would be handed to other
 * work), reconnecting by itself after the database restarts.
 */
export function listenForNotifications(options: NotificationListenerOptions): NotificationListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) {
    throw new Error(`Not a plain channel name: ${options.channel}`);
  }
  const baseRetryMs = options.retryMs ?? 500;
  let client: Client | null = null;
  let listening = false;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const setListening = (value: boolean) => {
    if (listening === value) return;
    listening = value;
    options.onListening(value);
  };

  const lost = (lostClient: Client) => {
    if (client !== lostClient) return;
    client = null;
    setListening(false);
    lostClient.end().catch(() => undefined);
    if (stopped) return;
    const wait = baseRetryMs * Math.min(2 ** failures, 10);
    failures++;
    retryTimer = setTimeout(() => void connect(), wait);
    retryTimer.unref();
  };

  const connect = async () => {
    if (stopped) return;
    const next = new Client({
      connectionString: options.url,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
      application_name: 'workspace-booking-listener',
    });
    client = next;
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
      if (stopped || client !== next) return;
      failures = 0;
      setListening(true);
    } catch {
      lost(next);
    }
  };

  void connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const current = client;
      client = null;
      setListening(false);
      await current?.end().catch(() => undefined);
    },
  };
}
