import { ApiProperty } from '@nestjs/swagger';
import type { OfficeEntity } from '@app/offices';
import { localize, TOPIC_CODES } from '@app/roster';

export class PublicOfficeContactDto {
  @ApiProperty({ type: String, nullable: true, example: 'beratung@example.org' })
  email: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+49 30 1234567' })
  phone: string | null;
}

/** What a privacy notice must name: each office is its own controller under GDPR. */
export class PublicOfficePrivacyDto {
  @ApiProperty({ example: 'Beispiel e. V., Musterstraße 1, 10115 Berlin' })
  controller: string;

  @ApiProperty({ example: 'datenschutz@example.org', description: 'The data-protection contact' })
  contact: string;

  @ApiProperty({
    example: 30,
    description: "Days after the appointment at which the client's data is erased",
  })
  retentionDays: number;
}

export class PublicOfficeListingDto {
  @ApiProperty({ example: 'willkommenszentrum', description: 'The office in links: /o/<slug>' })
  slug: string;

  @ApiProperty({ example: 'Willkommenszentrum', description: 'In the requested language' })
  name: string;

  @ApiProperty({
    example: 'Beratung für Neuzugewanderte',
    description: 'In the requested language; may be empty',
  })
  description: string;

  @ApiProperty({ type: String, nullable: true, example: 'Mitte' })
  district: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Musterstraße 1, 10115 Berlin',
    description: 'None for offices that counsel remotely only',
  })
  address: string | null;

  @ApiProperty({ type: [String], example: ['de', 'ar', 'fa'], description: 'ISO 639-1' })
  languages: string[];

  @ApiProperty({ enum: TOPIC_CODES, isArray: true })
  topics: string[];

  @ApiProperty({ example: 'Europe/Berlin', description: "The office's IANA time zone" })
  timeZone: string;

  @ApiProperty({ type: PublicOfficeContactDto })
  contact: PublicOfficeContactDto;

  @ApiProperty({ type: PublicOfficePrivacyDto })
  privacy: PublicOfficePrivacyDto;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://example.org/videos/dgs.mp4',
    description: "The office's video in German Sign Language (DGS), if it has one",
  })
  signLanguageVideoUrl: string | null;
}

export function toPublicOffice(office: OfficeEntity, language: string): PublicOfficeListingDto {
  return {
    slug: office.slug,
    name: localize(office.name, language),
    description: localize(office.description, language),
    district: office.district,
    address: office.address,
    languages: office.languages,
    topics: office.topics,
    timeZone: office.timeZone,
    contact: { email: office.contactEmail, phone: office.contactPhone },
    privacy: {
      controller: office.privacyController,
      contact: office.privacyContact,
      retentionDays: office.retentionDays,
    },
    signLanguageVideoUrl: office.signLanguageVideoUrl ?? null,
  };
}
