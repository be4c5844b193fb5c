import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
} from 'typeorm';
import { Member } from './member.entity';

export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Login credentials of a member; shares the member's id. */
@Entity({ name: 'accounts' })
@Check('accounts_role_chk', `role IN ('admin', 'user')`)
export class Account {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'accounts_pk' })
  id!: number;

  @OneToOne(() => Member, { nullable: false })
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'accounts_member_fk' })
  member!: Member;

  @Column({ type: 'varchar', length: 150 })
  username!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 10, default: 'user' })
  role!: Role;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
