import type { EntityManager } from 'typeorm';
import type { Statement, StatementCall } from '@app/database';
import type { AuditEntry } from './audit-entry';

/** One row; parsed once per connection, so on the booking hot path it is only bound. */
const INSERT_AUDIT: Statement = {
  name: 'audit_insert',
  text: `INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
         VALUES ($1, $2, $3, $4, $5::jsonb)`,
};

/** Many rows in one statement (a sweep's batch). */
const INSERT_AUDIT_MANY_SQL = `INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`;

const valuesOf = (entry: AuditEntry) => [
  entry.actorId,
  entry.action,
  entry.entity,
  entry.entityId === null ? null : String(entry.entityId),
  JSON.stringify(entry.data ?? {}),
];

/**
 * Appends audit rows with the caller's transaction, so they commit or roll back with the change
 * they describe: give it the transaction's EntityManager (or, for a pipelined transaction, send
 * `call(entry)` with the change's own statements). Outside a transaction (a failed login) the
 * row is its own statement.
 */
export const AuditTrail = {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(INSERT_AUDIT.text, valuesOf(entry));
  },

  async recordMany(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns = entries.map(valuesOf);
    await manager.query(
      INSERT_AUDIT_MANY_SQL,
      [0, 1, 2, 3, 4].map((i) => columns.map((values) => values[i])),
    );
  },

  /** The insert as a call for Transaction.run / runAndCommit. */
  call(entry: AuditEntry): StatementCall {
    return { statement: INSERT_AUDIT, values: valuesOf(entry) };
  },
};
