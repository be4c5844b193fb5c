import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can end or alter what an account's access token may do (role, active flag,
 * username, soft delete of its member, a hard delete) sends `NOTIFY account_changed, '<id>'` on
 * commit, so each API process drops its cached answer about that account at once.
 */
export class AccountChangeNotify1764200000000 implements MigrationInterface {
  name = 'AccountChangeNotify1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('account_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('account_changed', NEW.id::text);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER accounts_changed_notify
        AFTER UPDATE OF username, role, is_active OR DELETE ON accounts
        FOR EACH ROW EXECUTE FUNCTION notify_account_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER members_changed_notify
        AFTER UPDATE OF deleted_at OR DELETE ON members
        FOR EACH ROW EXECUTE FUNCTION notify_account_changed()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER members_changed_notify ON members`);
    await queryRunner.query(`DROP TRIGGER accounts_changed_notify ON accounts`);
    await queryRunner.query(`DROP FUNCTION notify_account_changed()`);
  }
}
