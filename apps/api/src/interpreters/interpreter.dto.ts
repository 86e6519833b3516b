import { ApiProperty } from '@nestjs/swagger';
import { IsDay } from '@app/common';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@app/appointments';
import { CHANNELS, type Channel } from '@app/roster';

export class AssignmentsQueryDto {
  @ApiProperty({ example: '2026-12-01', description: "First day, in the interpreter's time zone" })
  @IsDay()
  from: string;

  @ApiProperty({ example: '2026-12-07', description: 'Last day, inclusive; at most 62 days' })
  @IsDay()
  to: string;
}

class AssignmentTypeDto {
  @ApiProperty({ example: 'Erstberatung Aufenthalt' }) name: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
}

class AssignmentCounsellorDto {
  @ApiProperty({ example: 'Amira Haddad' }) displayName: string;
}

/** One appointment the interpreter interprets in. No client contact data, no note, no messages. */
export class InterpreterAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ example: '2026-12-01T09:00:00+01:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T09:45:00+01:00' }) end: string;
  @ApiProperty({ example: 'Europe/Berlin', description: "The interpreter's time zone" })
  timeZone: string;
  @ApiProperty({ type: AssignmentTypeDto }) consultationType: AssignmentTypeDto;
  @ApiProperty({ type: AssignmentCounsellorDto }) counsellor: AssignmentCounsellorDto;
  @ApiProperty({ example: 'Migrationsberatung Neukölln', description: 'The booking office' })
  officeName: string;
  @ApiProperty({ example: 'ti', description: 'The language to interpret (BCP 47)' })
  language: string;
  @ApiProperty({ example: 'de', description: "The client's language for messages" })
  clientLanguage: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mariam',
    description: "The client's pseudonym; null once erased",
  })
  pseudonym: string | null;
  @ApiProperty({ example: '2026-12-01T08:45:00+01:00' }) joinOpensAt: string;
  @ApiProperty({ example: '2026-12-01T10:15:00+01:00' }) joinClosesAt: string;
}
