import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const GENDERS = ['M', 'F', 'O'] as const;
export type Gender = (typeof GENDERS)[number];

/** A person who can take part in bookings; may or may not have an account. */
@Entity({ name: 'members' })
@Check('members_age_chk', 'age BETWEEN 0 AND 150')
@Check('members_gender_chk', `gender IN ('M', 'F', 'O')`)
export class Member {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'members_pk',
  })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'smallint' })
  age!: number;

  @Column({ type: 'char', length: 1 })
  gender!: Gender;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The site a booking request without `site` means when there are several. */
  @Column({ name: 'home_site_id', type: 'integer', nullable: true })
  @ForeignKey('Site', { name: 'members_home_site_fk' })
  homeSiteId!: number | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
