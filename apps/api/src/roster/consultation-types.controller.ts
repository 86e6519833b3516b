import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { ConsultationTypeService, HolidayService } from '@app/roster';
import { officeOf, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  ConsultationTypeResponseDto,
  CounsellorTypesDto,
  CreateConsultationTypeDto,
  DateParamDto,
  HolidayDto,
  toConsultationTypeResponse,
  UpdateConsultationTypeDto,
  YearQueryDto,
} from './roster.dto.js';

@ApiTags('admin: consultation types')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/consultation-types')
export class ConsultationTypesController {
  constructor(private readonly types: ConsultationTypeService) {}

  @Get()
  @ApiOperation({ summary: 'List consultation types' })
  @ApiOkResponse({ type: [ConsultationTypeResponseDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<ConsultationTypeResponseDto[]> {
    return (await this.types.listOfOffice(officeOf(staff))).map(toConsultationTypeResponse);
  }

  @Post()
  @ApiOperation({ summary: 'Create a consultation type and name the counsellors who serve it' })
  @ApiCreatedResponse({ type: ConsultationTypeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(
    @Body() body: CreateConsultationTypeDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<ConsultationTypeResponseDto> {
    return toConsultationTypeResponse(await this.types.create(officeOf(staff), body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One consultation type' })
  @ApiOkResponse({ type: ConsultationTypeResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ConsultationTypeResponseDto> {
    return toConsultationTypeResponse(await this.types.get(officeOf(staff), id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a consultation type (only the fields sent)' })
  @ApiOkResponse({ type: ConsultationTypeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateConsultationTypeDto,
  ): Promise<ConsultationTypeResponseDto> {
    return toConsultationTypeResponse(await this.types.update(officeOf(staff), id, body));
  }
}

@ApiTags('admin: consultation types')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/counsellors')
export class CounsellorTypesController {
  constructor(private readonly types: ConsultationTypeService) {}

  @Put(':id/consultation-types')
  @ApiOperation({
    summary: 'Set the consultation types a counsellor offers',
    description:
      'The same links as each type’s counsellorIds ("offered by"), edited from the counsellor’s side.',
  })
  @ApiOkResponse({ type: CounsellorTypesDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async setTypes(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CounsellorTypesDto,
  ): Promise<CounsellorTypesDto> {
    return {
      consultationTypeIds: await this.types.setTypesOfCounsellor(
        officeOf(staff),
        id,
        body.consultationTypeIds,
      ),
    };
  }
}

@ApiTags('admin: holidays')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('api/admin/holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidayService) {}

  @Get()
  @ApiOperation({ summary: 'Public holidays of the office region in a year; closed unless opened' })
  @ApiOkResponse({ type: [HolidayDto] })
  list(@Query() query: YearQueryDto, @CurrentStaff() staff: StaffPrincipal): Promise<HolidayDto[]> {
    return this.holidays.list(officeOf(staff), query.year);
  }

  @Put(':date/open')
  @ApiOperation({ summary: 'Open a public holiday: the office works that day' })
  @ApiOkResponse({ type: HolidayDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not a public holiday' })
  open(@Param() params: DateParamDto, @CurrentStaff() staff: StaffPrincipal): Promise<HolidayDto> {
    return this.holidays.setOpen(officeOf(staff), params.date, true);
  }

  @Delete(':date/open')
  @ApiOperation({ summary: 'Close a public holiday again' })
  @ApiOkResponse({ type: HolidayDto })
  close(@Param() params: DateParamDto, @CurrentStaff() staff: StaffPrincipal): Promise<HolidayDto> {
    return this.holidays.setOpen(officeOf(staff), params.date, false);
  }
}
