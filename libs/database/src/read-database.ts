import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { isConnectionError, sqlState } from './pg-errors';

/**
 * Where the read-only endpoints read: a streaming replica (DATABASE_READ_URL) or, unset, the
 * primary itself. Booking decisions never come here: transactions and writes use the primary
 * DataSource.
 */
export const READ_DATABASE = Symbol('READ_DATABASE');

/** How long a replica that failed with a connection error is left alone before a retry. */
export const REPLICA_DOWN_MS = 5000;

/** The replica is gone or refuses us: unreachable, shutting down, no such database, auth. */
const replicaDown = (error: unknown): boolean =>
  isConnectionError(error) || ['3D000', '28000', '28P01'].includes(sqlState(error) ?? '');

/** A read the replica cannot answer (down, or the query cancelled by WAL replay). */
const replicaCannotAnswer = (error: unknown): boolean =>
  replicaDown(error) || sqlState(error) === '40001';

/**
 * Runs a read on the replica, or on the primary when there is none. A read the replica fails
 * with a connection error is run once more on the primary, and the replica is left alone for
 * REPLICA_DOWN_MS (one warning per outage), so clients see no error while the primary is up.
 * Without a replica, `run` is a plain call with the primary's manager.
 */
export class ReadDatabase {
  private readonly logger = new Logger('ReadReplica');
  private downUntil = 0;
  private outageAnnounced = false;
  private connecting: Promise<boolean> | undefined;

  constructor(
    readonly primary: DataSource,
    private readonly replica?: DataSource,
    private readonly downMs = REPLICA_DOWN_MS,
  ) {}

  get hasReplica(): boolean {
    return this.replica !== undefined && this.replica !== this.primary;
  }

  /** `work` with the replica's manager, or the primary's (no replica, marked down, failed). */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const replica = this.replica;
    if (!replica || replica === this.primary || !(await this.replicaUsable(replica))) {
      return work(this.primary.manager);
    }
    try {
      const result = await work(replica.manager);
      this.replicaAnswered();
      return result;
    } catch (error) {
      if (!replicaCannotAnswer(error)) throw error;
      if (replicaDown(error)) this.markDown(error);
      return work(this.primary.manager);
    }
  }

  /** Opens the replica's pool now if it answers; if not, marks it down (never throws). */
  async connect(): Promise<void> {
    if (this.hasReplica) await this.replicaUsable(this.replica!);
  }

  async close(): Promise<void> {
    if (this.hasReplica && this.replica!.isInitialized) await this.replica!.destroy();
  }

  /** Initialises the replica's pool once (it may have been down at start). */
  private async replicaUsable(replica: DataSource): Promise<boolean> {
    if (performance.now() < this.downUntil) return false;
    if (replica.isInitialized) return true;
    this.connecting ??= replica
      .initialize()
      .then(() => true)
      .catch((error: unknown) => {
        this.markDown(error);
        return false;
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private markDown(error: unknown): void {
    this.downUntil = performance.now() + this.downMs;
    if (this.outageAnnounced) return;
    this.outageAnnounced = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `read replica unreachable (${reason}): reads go to the primary, replica retried every ${this.downMs} ms`,
    );
  }

  private replicaAnswered(): void {
    if (!this.outageAnnounced) return;
    this.outageAnnounced = false;
    this.logger.log('read replica reachable again: reads go to the replica');
  }
}
