import {
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Member } from '@app/users';

@Entity({ name: 'teams' })
export class Team {
  @PrimaryGeneratedColumn('identity', {
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'teams_pk',
  })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @ManyToMany(() => Member)
  @JoinTable({
    name: 'team_members',
    joinColumn: {
      name: 'team_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'team_members_team_fk',
    },
    inverseJoinColumn: {
      name: 'member_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'team_members_member_fk',
    },
  })
  members!: Member[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
