import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto, toInstant } from '@app/common';
import { CounsellorService, fieldError, noCounsellorProfile, parseTimeOfDay } from '@app/roster';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  AbsenceResponseDto,
  CounsellorResponseDto,
  CreateAbsenceDto,
  CreateExtraHoursDto,
  CreateRuleDto,
  ExtraHoursResponseDto,
  RuleResponseDto,
  toAbsenceResponse,
  toCounsellorResponse,
  toExtraHoursResponse,
  toRuleResponse,
} from './roster.dto.js';

function minutes(start: string, end: string): { startMinute: number; endMinute: number } {
  const startMinute = parseTimeOfDay(start);
  const endMinute = parseTimeOfDay(end);
  if (endMinute <= startMinute) {
    throw fieldError(
      'end',
      'end must be after start (a rule does not cross midnight: split it at 24:00)',
      'invalid_time_range',
    );
  }
  return { startMinute, endMinute };
}

const uuid = new ParseUUIDPipe();

/**
 * Availability of one counsellor or interpreter: admins for anyone of their office, counsellors
 * and interpreters for themselves (CounsellorService checks who).
 */
@ApiTags('availability')
@ApiBearerAuth()
@Roles('admin', 'counsellor', 'interpreter')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'A counsellor asking about someone else',
})
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller('api/counsellors')
export class AvailabilityController {
  constructor(private readonly counsellors: CounsellorService) {}

  @Get('me')
  @ApiOperation({ summary: 'The counsellor linked to the logged-in staff account' })
  @ApiOkResponse({ type: CounsellorResponseDto })
  async me(@CurrentStaff() staff: StaffPrincipal): Promise<CounsellorResponseDto> {
    const mine = await this.counsellors.forStaff(staff.staffId);
    if (!mine) throw noCounsellorProfile();
    return toCounsellorResponse(mine);
  }

  @Get(':id/rules')
  @ApiOperation({ summary: 'Weekly availability rules' })
  @ApiOkResponse({ type: [RuleResponseDto] })
  async rules(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<RuleResponseDto[]> {
    return (await this.counsellors.listRules(staff, id)).map(toRuleResponse);
  }

  @Post(':id/rules')
  @ApiOperation({ summary: 'Add a weekly rule; 400 `rule_overlaps` carries the clashing rule' })
  @ApiCreatedResponse({ type: RuleResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async addRule(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: CreateRuleDto,
  ): Promise<RuleResponseDto> {
    const rule = await this.counsellors.addRule(staff, id, {
      weekday: body.weekday,
      ...minutes(body.start, body.end),
      validFrom: body.validFrom,
      validUntil: body.validUntil,
    });
    return toRuleResponse(rule);
  }

  @Delete(':id/rules/:ruleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a weekly rule' })
  @ApiNoContentResponse()
  async removeRule(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('ruleId', uuid) ruleId: string,
  ): Promise<void> {
    await this.counsellors.removeRule(staff, id, ruleId);
  }

  @Get(':id/extra-hours')
  @ApiOperation({ summary: 'Extra hours on dates' })
  @ApiOkResponse({ type: [ExtraHoursResponseDto] })
  async extras(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<ExtraHoursResponseDto[]> {
    return (await this.counsellors.listExtras(staff, id)).map(toExtraHoursResponse);
  }

  @Post(':id/extra-hours')
  @ApiOperation({ summary: 'Extra hours on one date (open even on a public holiday)' })
  @ApiCreatedResponse({ type: ExtraHoursResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      '`extra_hours_overlap`: the counsellor has extra hours on that date that overlap these (touching is fine)',
  })
  async addExtra(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: CreateExtraHoursDto,
  ): Promise<ExtraHoursResponseDto> {
    return toExtraHoursResponse(
      await this.counsellors.addExtra(staff, id, {
        date: body.date,
        ...minutes(body.start, body.end),
      }),
    );
  }

  @Delete(':id/extra-hours/:extraId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete extra hours' })
  @ApiNoContentResponse()
  async removeExtra(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('extraId', uuid) extraId: string,
  ): Promise<void> {
    await this.counsellors.removeExtra(staff, id, extraId);
  }

  @Get(':id/absences')
  @ApiOperation({ summary: 'Absences' })
  @ApiOkResponse({ type: [AbsenceResponseDto] })
  async absences(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
  ): Promise<AbsenceResponseDto[]> {
    return (await this.counsellors.listAbsences(staff, id)).map(toAbsenceResponse);
  }

  @Post(':id/absences')
  @ApiOperation({
    summary: 'Closed for whole local days (startDate–endDate) or a period (startsAt–endsAt)',
  })
  @ApiCreatedResponse({ type: AbsenceResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async addAbsence(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Body() body: CreateAbsenceDto,
  ): Promise<AbsenceResponseDto> {
    // The DTO has checked whichever pair was given; both pairs at once would be ambiguous.
    if (body.startDate !== undefined && (body.startsAt ?? body.endsAt) !== undefined) {
      throw fieldError(
        'startsAt',
        'Give startDate and endDate (whole days) or startsAt and endsAt (a period), not both',
        'absence_ambiguous_period',
      );
    }
    const input =
      body.startDate !== undefined && body.endDate !== undefined
        ? { startDate: body.startDate, endDate: body.endDate }
        : { startsAt: toInstant(body.startsAt ?? ''), endsAt: toInstant(body.endsAt ?? '') };
    return toAbsenceResponse(await this.counsellors.addAbsence(staff, id, input));
  }

  @Delete(':id/absences/:absenceId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an absence' })
  @ApiNoContentResponse()
  async removeAbsence(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', uuid) id: string,
    @Param('absenceId', uuid) absenceId: string,
  ): Promise<void> {
    await this.counsellors.removeAbsence(staff, id, absenceId);
  }
}
