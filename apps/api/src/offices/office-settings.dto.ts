import { OmitType, PartialType } from '@nestjs/swagger';
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
) {}

/** The office as its admin sees it: every field and its status, without the platform's counts. */
export class OfficeSettingsResponseDto extends OmitType(PlatformOfficeResponseDto, [
  'counsellors',
  'appointmentsAhead',
] as const) {}

export function toOfficeSettings(found: OfficeWithCounts): OfficeSettingsResponseDto {
  const {
    counsellors: _counsellors,
    appointmentsAhead: _ahead,
    ...office
  } = toPlatformOffice(found);
  return office;
}
