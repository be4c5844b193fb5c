import type { Statement } from '@app/database';

/** The live answer of a key: $1 account, $2 key, $3 now (an expired answer counts as none). */
const FIND_ANSWER_SQL = `SELECT fingerprint, status, body FROM idempotency_keys
       WHERE account_id = $1 AND key = $2 AND expires_at > $3`;

/** Marks the key in flight until the transaction ends; false while another transaction holds it. */
const TRY_LOCK_SQL = `SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked`;

/**
 * Stores an answer; an expired one under the same key is replaced (the key counts as unused).
 * Only ever run under the key's lock after FIND_ANSWER found nothing, so it always writes.
 * $1 account, $2 key, $3 fingerprint, $4 status, $5 body, $6 now, $7 expires at.
 */
const STORE_ANSWER_SQL = `INSERT INTO idempotency_keys AS k
         (account_id, key, fingerprint, status, body, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, key) DO UPDATE
         SET fingerprint = excluded.fingerprint, status = excluded.status, body = excluded.body,
             created_at = excluded.created_at, expires_at = excluded.expires_at
         WHERE k.expires_at <= excluded.created_at`;

/**
 * Up to $2 expired answers (as of $1), by ctid: a bounded batch whatever the backlog. Rows
 * locked by another sweep or by a request reusing an expired key are skipped, not waited for;
 * an answer replaced meanwhile has a later expiry and stays.
 */
const DELETE_EXPIRED_SQL = `DELETE FROM idempotency_keys
       WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_keys WHERE expires_at <= $1
                               LIMIT $2 FOR UPDATE SKIP LOCKED))
         AND expires_at <= $1`;

export const IDEMPOTENCY_STATEMENTS = {
  findAnswer: { name: 'idem_find_answer', text: FIND_ANSWER_SQL },
  tryLock: { name: 'idem_try_lock', text: TRY_LOCK_SQL },
  storeAnswer: { name: 'idem_store_answer', text: STORE_ANSWER_SQL },
  // The work's refusal is stored in the same transaction, under the same lock, without its writes.
  savepoint: { name: 'idem_savepoint', text: 'SAVEPOINT idempotent_work' },
  rollbackToSavepoint: {
    name: 'idem_rollback_work',
    text: 'ROLLBACK TO SAVEPOINT idempotent_work',
  },
  deleteExpired: { name: 'idem_delete_expired', text: DELETE_EXPIRED_SQL },
} as const satisfies Record<string, Statement>;
