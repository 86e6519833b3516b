import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OfficeEntity } from '@app/offices';

/** Roles inside one office: `admin` runs the office, `counsellor` counsels in it. */
/** An interpreter sees only their own assignments, roster and absences. */
export const OFFICE_ROLES = ['admin', 'counsellor', 'interpreter'] as const;
export type OfficeRole = (typeof OFFICE_ROLES)[number];

/**
 * The roles an office's staff routes admit when a route names none: those who counsel and run the
 * office. Interpreters reach only the routes that name their role (their assignments, their roster).
 */
export const COUNSELLING_ROLES = ['admin', 'counsellor'] as const satisfies readonly OfficeRole[];

/** Every role; `platform_admin` runs the instance and its offices and belongs to none. */
export const STAFF_ROLES = [...OFFICE_ROLES, 'platform_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isOfficeRole(role: StaffRole): role is OfficeRole {
  return (OFFICE_ROLES as readonly StaffRole[]).includes(role);
}

@Entity({ name: 'staff_account' })
@Index('uq_staff_account_email', ['email'], { unique: true })
// The target of composite foreign keys that keep a counsellor's staff account in its office.
@Unique('uq_staff_account_id_office', ['id', 'officeId'])
// Platform admins belong to no office; office admins and counsellors to exactly one.
@Check('ck_staff_account_office_role', `("role" = 'platform_admin') = ("office_id" IS NULL)`)
export class StaffAccountEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_staff_account' })
  id: string;

  /** Stored lower-cased; the unique index therefore ignores case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  /** The office the account works in; none for a platform admin (who runs the instance). */
  @Column({ name: 'office_id', type: 'uuid', nullable: true })
  officeId: string | null;

  @ManyToOne(() => OfficeEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_staff_account_office' })
  office?: OfficeEntity | null;

  @Column({ type: 'enum', enum: STAFF_ROLES, enumName: 'staff_role' })
  role: StaffRole;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'failed_login_count', type: 'integer', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
