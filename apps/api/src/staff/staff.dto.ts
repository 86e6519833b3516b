import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { OFFICE_ROLES, STAFF_ROLES, type StaffAccountEntity, type StaffRole } from '@app/staff';

export const PASSWORD_MIN_LENGTH = 12;

export class CreateStaffDto {
  @ApiProperty({ example: 'l.petrenko@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Lesia Petrenko' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: OFFICE_ROLES })
  @IsIn(OFFICE_ROLES)
  role: StaffRole;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, example: 'a long passphrase of words' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ example: 'Lesia Petrenko' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @ApiPropertyOptional({ enum: OFFICE_ROLES })
  @IsOptional()
  @IsIn(OFFICE_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password?: string;
}

export class StaffResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'l.petrenko@example.org' })
  email: string;

  @ApiProperty({ example: 'Lesia Petrenko' })
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES })
  role: StaffRole;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-25T08:00:00.000Z' })
  lastLoginAt: string | null;

  @ApiProperty({ example: '2026-11-01T08:00:00.000Z' })
  createdAt: string;
}

export function toStaffResponse(account: StaffAccountEntity): StaffResponseDto {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    active: account.active,
    lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
  };
}
