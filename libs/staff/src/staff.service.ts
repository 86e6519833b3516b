import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { SqlState, sqlState } from '@app/common';
import { PasswordHasher } from './password-hasher.js';
import type { StaffAccountEntity, StaffRole } from './staff-account.entity.js';
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

function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === SqlState.uniqueViolation;
}

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: CreateStaffInput): Promise<StaffAccountEntity> {
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
      if (isUniqueViolation(error)) {
        throw new ConflictException('A staff account with this email already exists');
      }
      throw error;
    }
  }

  list(): Promise<StaffAccountEntity[]> {
    return this.staff.list();
  }

  count(): Promise<number> {
    return this.staff.count();
  }

  async get(id: string): Promise<StaffAccountEntity> {
    const account = await this.staff.findById(id);
    if (!account) throw new NotFoundException('Staff account not found');
    return account;
  }

  /** Deactivating an account or changing its password or role ends all its sessions. */
  async update(id: string, input: UpdateStaffInput): Promise<StaffAccountEntity> {
    const account = await this.get(id);
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
    return this.get(id);
  }
}
