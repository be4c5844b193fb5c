import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per state change, written in the transaction of the change. Append
 * only, enforced here and not only by the API: statement-level triggers refuse every UPDATE,
 * DELETE and TRUNCATE (a zero-row one too), whoever sends it. No foreign keys: a row outlives
 * what it names, and the booking hot path takes no extra lock for it.
 */
export class AuditLog1764520000000 implements MigrationInterface {
  name = 'AuditLog1764520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT audit_log_pk PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id integer,
        action text NOT NULL,
        entity text NOT NULL CONSTRAINT audit_log_entity_chk
          CHECK (entity IN ('booking', 'member', 'team', 'room', 'policy', 'auth')),
        entity_id text,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    // Newest first, by the keyset (at, id): alone, per entity (and id), per actor.
    await queryRunner.query(`CREATE INDEX audit_log_at_id_idx ON audit_log (at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX audit_log_entity_entity_id_at_id_idx
         ON audit_log (entity, entity_id, at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_log_actor_id_at_id_idx ON audit_log (actor_id, at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
  }
}
