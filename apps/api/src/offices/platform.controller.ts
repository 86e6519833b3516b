import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { PlatformOfficeService } from '@app/offices';
import { QueueHealth } from '@app/queue';
import { OfficeOnboardingService, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  CreatedOfficeResponseDto,
  CreateOfficeDto,
  PlatformHealthResponseDto,
  PlatformOfficeResponseDto,
  toOfficeChanges,
  toOfficeFields,
  toPlatformOffice,
  UpdateOfficeDto,
} from './platform.dto.js';

const QUEUE_CHECK_TIMEOUT_MS = 3000;

/** The instance as its platform admin runs it: offices and their first admins, health. */
@ApiTags('platform')
@ApiBearerAuth()
@Roles('platform_admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
@Controller('api/platform')
export class PlatformController {
  constructor(
    private readonly offices: PlatformOfficeService,
    private readonly onboarding: OfficeOnboardingService,
    private readonly queue: QueueHealth,
  ) {}

  @Get('offices')
  @ApiOperation({
    summary: 'Every office, suspended ones too, with its counsellors and appointments ahead',
  })
  @ApiOkResponse({ type: [PlatformOfficeResponseDto] })
  async list(): Promise<PlatformOfficeResponseDto[]> {
    return (await this.offices.list()).map(toPlatformOffice);
  }

  @Post('offices')
  @ApiOperation({ summary: 'Create an office together with its first office admin' })
  @ApiCreatedResponse({ type: CreatedOfficeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The slug (office_slug_taken) or the admin email (staff_email_taken) is in use',
  })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: CreateOfficeDto,
  ): Promise<CreatedOfficeResponseDto> {
    const { officeId, admin } = await this.onboarding.create(
      staff.staffId,
      toOfficeFields(body),
      body.firstAdmin,
    );
    return {
      office: toPlatformOffice(await this.offices.getOrThrow(officeId)),
      firstAdminId: admin.id,
    };
  }

  @Get('offices/:id')
  @ApiOperation({ summary: 'One office, suspended or not' })
  @ApiOkResponse({ type: PlatformOfficeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<PlatformOfficeResponseDto> {
    return toPlatformOffice(await this.offices.getOrThrow(id));
  }

  @Patch('offices/:id')
  @ApiOperation({
    summary: "Edit an office's fields or suspend it (hidden from clients at once, all data kept)",
  })
  @ApiOkResponse({ type: PlatformOfficeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'office_slug_taken' })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOfficeDto,
  ): Promise<PlatformOfficeResponseDto> {
    return toPlatformOffice(await this.offices.update(staff.staffId, id, toOfficeChanges(body)));
  }

  @Get('health')
  @ApiOperation({ summary: 'Queue backend and offices at a glance' })
  @ApiOkResponse({ type: PlatformHealthResponseDto })
  async health(): Promise<PlatformHealthResponseDto> {
    const offices = await this.offices.list();
    const active = offices.filter(({ office }) => office.status === 'active').length;
    return {
      queue: (await this.queueIsUp()) ? 'up' : 'down',
      activeOffices: active,
      suspendedOffices: offices.length - active,
    };
  }

  private async queueIsUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), QUEUE_CHECK_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.queue.ping().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
