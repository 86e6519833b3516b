import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@app/staff';
import { PASSWORD_MIN_LENGTH } from '../staff/staff.dto.js';

export class LoginRequestDto {
  @ApiProperty({ example: 'admin@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

/** The staff member's office, as staff pages need it (its days are in its zone). */
export class StaffOfficeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'willkommenszentrum' })
  slug: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { de: 'Willkommenszentrum', en: 'Welcome Centre' },
  })
  name: Record<string, string>;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;
}

export class MeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'admin@example.org' })
  email: string;

  @ApiProperty({ example: 'Amira Haddad' })
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES })
  role: StaffRole;

  @ApiProperty({
    type: StaffOfficeDto,
    nullable: true,
    description: 'The office the account belongs to; null for a platform admin',
  })
  office: StaffOfficeDto | null;
}

export class LoginResponseDto {
  @ApiProperty({
    description: 'Bearer token for the Authorization header; shown once, stored only hashed',
  })
  token: string;

  @ApiProperty({
    description: 'When the session ends unless used again',
    example: '2026-11-25T10:30:00.000Z',
  })
  expiresAt: string;

  @ApiProperty({ type: MeResponseDto })
  staff: MeResponseDto;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  newPassword: string;
}
