import { Injectable } from '@nestjs/common';
import { asSlugConflict, OfficeRepository, type OfficeFields } from '@app/offices';
import { PasswordHasher } from './password-hasher.js';
import type { StaffAccountEntity } from './staff-account.entity.js';
import { StaffRepository } from './staff.repository.js';
import { emailTaken, isUniqueViolation } from './staff.service.js';

export interface FirstAdminInput {
  email: string;
  displayName: string;
  password: string;
}

/**
 * A new office with its first office admin, made by a platform admin. Office, admin and the audit
 * entry commit together: there is never an office nobody can run, nor an admin without an office.
 * Lives with the staff accounts because an office needs none of them, but its first admin needs it.
 */
@Injectable()
export class OfficeOnboardingService {
  constructor(
    private readonly offices: OfficeRepository,
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(
    actorId: string,
    fields: OfficeFields,
    firstAdmin: FirstAdminInput,
  ): Promise<{ officeId: string; admin: StaffAccountEntity }> {
    // Hashed before the transaction: argon2id takes its time, the transaction should not.
    const passwordHash = await this.hasher.hash(firstAdmin.password);
    try {
      return await this.offices.transaction(async (tx) => {
        const office = await tx.insert(fields);
        const admin = await this.staff.insert(
          {
            email: firstAdmin.email.trim().toLowerCase(),
            displayName: firstAdmin.displayName.trim(),
            role: 'admin',
            passwordHash,
            officeId: office.id,
          },
          tx.manager,
        );
        await tx.audit({
          officeId: office.id,
          actorId,
          action: 'office.created',
          changes: { slug: office.slug, kind: office.kind, firstAdminId: admin.id },
        });
        return { officeId: office.id, admin };
      });
    } catch (error) {
      const conflict = asSlugConflict(error);
      if (conflict !== error) throw conflict;
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }
}
