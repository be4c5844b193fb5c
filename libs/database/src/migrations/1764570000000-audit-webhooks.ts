import { MigrationInterface, QueryRunner } from 'typeorm';

/** Changes to webhook endpoints are audited too: `webhook` joins the entities of audit_log. */
export class AuditWebhooks1764570000000 implements MigrationInterface {
  name = 'AuditWebhooks1764570000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_chk`);
    await queryRunner.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_chk
      CHECK (entity IN ('booking', 'member', 'team', 'room', 'policy', 'auth', 'webhook'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_chk`);
    // NOT VALID: the log is append-only, so rows of webhooks stay; new ones are refused.
    await queryRunner.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_chk
      CHECK (entity IN ('booking', 'member', 'team', 'room', 'policy', 'auth')) NOT VALID`);
  }
}
