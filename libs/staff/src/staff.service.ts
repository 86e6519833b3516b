import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { SqlState, sqlState } from '@app/common';
import { PasswordHasher } from './password-hasher.js';
import { isOfficeRole, type StaffAccountEntity, type StaffRole } from './staff-account.entity.js';
import { StaffRepository } from './staff.repository.js';

export interface CreateStaffInput {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
  /** The office the account works in (its creator's). */
  officeId: string;
}

export interface UpdateStaffInput {
  displayName?: string;
  role?: StaffRole;
  active?: boolean;
  password?: string;
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === SqlState.uniqueViolation;
}

export function emailTaken(): ConflictException {
  return new ConflictException({
    code: 'staff_email_taken',
    message: 'A staff account with this email already exists',
  });
}

/** Accounts made or changed inside an office hold an office role: never the platform admin's. */
function assertOfficeRole(role: StaffRole | undefined): void {
  if (role !== undefined && !isOfficeRole(role)) {
    throw new BadRequestException({
      code: 'role_not_in_office',
      message: 'Platform admins belong to no office',
    });
  }
}

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: CreateStaffInput): Promise<StaffAccountEntity> {
    assertOfficeRole(input.role);
    return this.insert({ ...input, officeId: input.officeId });
  }

  /** An account that runs the instance and its offices, and belongs to none (the CLI makes them). */
  createPlatformAdmin(
    input: Omit<CreateStaffInput, 'role' | 'officeId'>,
  ): Promise<StaffAccountEntity> {
    return this.insert({ ...input, role: 'platform_admin', officeId: null });
  }

  private async insert(
    input: Omit<CreateStaffInput, 'officeId'> & { officeId: string | null },
  ): Promise<StaffAccountEntity> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.staff.insert({
        email: input.email.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        role: input.role,
        passwordHash,
        officeId: input.officeId,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** The accounts of one office. */
  list(officeId: string): Promise<StaffAccountEntity[]> {
    return this.staff.list(officeId);
  }

  count(): Promise<number> {
    return this.staff.count();
  }

  /** An account of the office; another office's is answered like an unknown id. */
  async get(officeId: string, id: string): Promise<StaffAccountEntity> {
    const account = await this.staff.findById(id, officeId);
    if (!account) throw new NotFoundException('Staff account not found');
    return account;
  }

  /** Deactivating an account or changing its password or role ends all its sessions. */
  async update(officeId: string, id: string, input: UpdateStaffInput): Promise<StaffAccountEntity> {
    const account = await this.get(officeId, id);
    if (input.role !== undefined && input.role !== account.role)
      await this.assertRoleFitsRosterLink(account.id, input.role);
    const changes: Partial<StaffAccountEntity> = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName.trim();
    if (input.role !== undefined) changes.role = input.role;
    if (input.active !== undefined) changes.active = input.active;
    if (input.password !== undefined) {
      changes.passwordHash = await this.hasher.hash(input.password);
    }
    await this.staff.update(account.id, changes);
    const endsSessions =
      input.active === false ||
      input.password !== undefined ||
      (input.role !== undefined && input.role !== account.role);
    if (endsSessions) await this.staff.deleteSessionsOf(account.id);
    return this.get(officeId, id);
  }

  /**
   * An account linked to an interpreter keeps the role interpreter, one linked to a counsellor
   * never takes it: an interpreter's login sees only assignments, a counsellor's their clients.
   */
  private async assertRoleFitsRosterLink(staffId: string, role: StaffRole): Promise<void> {
    const kind = await this.staff.linkedRosterKind(staffId);
    if (kind !== null && (kind === 'interpreter') !== (role === 'interpreter'))
      throw new UnprocessableEntityException({
        code: 'staff_account_role_mismatch',
        message:
          kind === 'interpreter'
            ? 'This account is linked to an interpreter: its role stays interpreter'
            : 'This account is linked to a counsellor: it cannot become an interpreter',
        details: [{ field: 'role', messages: ['The role does not fit the linked roster entry'] }],
      });
  }
}
