import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import type { OfficeWithCounts } from '@app/offices';
import { OfficeFieldsDto, PlatformOfficeResponseDto, toPlatformOffice } from './platform.dto.js';

/**
 * What an office admin may change of their own office: how it works and what it tells clients.
 * Its slug and name stay with the platform admin (they identify the office in the directory and
 * in links already shared), and so does its status: an office cannot suspend or revive itself.
 * The validation pipe refuses those fields with 400 validation_failed.
 */
export class UpdateOfficeSettingsDto extends PartialType(
  OmitType(OfficeFieldsDto, ['slug', 'name'] as const),
) {
  /** null removes the video. Only https: the page embeds it, and mixed content would be blocked. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    example: 'https://example.org/videos/dgs.mp4',
    description:
      'Video in German Sign Language (DGS) for the office\'s "Leichte Sprache" page (https)',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @MaxLength(2000)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true })
  signLanguageVideoUrl?: string | null;
}

/** The office as its admin sees it: every field and its status, without the platform's counts. */
export class OfficeSettingsResponseDto extends OmitType(PlatformOfficeResponseDto, [
  'counsellors',
  'appointmentsAhead',
] as const) {
  @ApiProperty({ type: String, nullable: true, example: 'https://example.org/videos/dgs.mp4' })
  signLanguageVideoUrl: string | null;
}

export function toOfficeSettings(found: OfficeWithCounts): OfficeSettingsResponseDto {
  const {
    counsellors: _counsellors,
    appointmentsAhead: _ahead,
    ...office
  } = toPlatformOffice(found);
  return { ...office, signLanguageVideoUrl: found.office.signLanguageVideoUrl ?? null };
}
