import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A participant who leaves a booking is kept as history with the moment they left; every read
 * of participants (lists, visibility, headcounts) takes only those with `left_at IS NULL`.
 */
export class ParticipantLeftAt1764340000000 implements MigrationInterface {
  name = 'ParticipantLeftAt1764340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE booking_participants ADD COLUMN left_at timestamptz`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE booking_participants DROP COLUMN left_at`);
  }
}
