import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { PlatformOfficeService } from '@app/offices';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  OfficeSettingsResponseDto,
  toOfficeSettings,
  UpdateOfficeSettingsDto,
} from './office-settings.dto.js';
import { toOfficeChanges } from './platform.dto.js';

/**
 * An office admin's own office: its description, contact, hours' zone and holidays, languages,
 * topics and privacy notice. The office is always the admin's own (no id in the path, so no other
 * office can be named); the change is audited like the platform admin's.
 */
@ApiTags('admin: office')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an office admin' })
@Controller('api/office')
export class OfficeSettingsController {
  constructor(private readonly offices: PlatformOfficeService) {}

  @Get()
  @ApiOperation({ summary: "The admin's own office with its settings and status" })
  @ApiOkResponse({ type: OfficeSettingsResponseDto })
  async get(@CurrentStaff() staff: StaffPrincipal): Promise<OfficeSettingsResponseDto> {
    return toOfficeSettings(await this.offices.getOrThrow(officeOf(staff)));
  }

  @Patch()
  @ApiOperation({
    summary:
      "Edit the admin's own office (not its slug, name or status: those are the platform admin's)",
  })
  @ApiOkResponse({ type: OfficeSettingsResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: UpdateOfficeSettingsDto,
  ): Promise<OfficeSettingsResponseDto> {
    return toOfficeSettings(
      await this.offices.update(staff.staffId, officeOf(staff), toOfficeChanges(body)),
    );
  }
}
