import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { InterpreterPoolService } from '@app/offices';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import {
  ChooseInterpreterPoolsDto,
  InterpreterPoolResponseDto,
  toInterpreterPool,
} from './interpreter-pools.dto.js';

/** The interpreter pools an office books interpreters from, as its admin chooses them. */
@ApiTags('office: interpreter pools')
@ApiBearerAuth()
@Roles('admin')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Not an admin, or an admin of a pool (not_a_counselling_office)',
})
@Controller('api/office/interpreter-pools')
export class InterpreterPoolsController {
  constructor(private readonly pools: InterpreterPoolService) {}

  @Get()
  @ApiOperation({ summary: 'Every active interpreter pool, and whether the office chose it' })
  @ApiOkResponse({ type: [InterpreterPoolResponseDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<InterpreterPoolResponseDto[]> {
    return (await this.pools.list(staff)).map(toInterpreterPool);
  }

  @Put()
  @ApiOperation({
    summary:
      'Choose the pools whose interpreters the office may book (replaces the choice; slots follow at once)',
  })
  @ApiOkResponse({ type: [InterpreterPoolResponseDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'interpreter_pool_not_found: an id is no active pool',
  })
  async choose(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ChooseInterpreterPoolsDto,
  ): Promise<InterpreterPoolResponseDto[]> {
    return (await this.pools.choose(staff, body.poolIds)).map(toInterpreterPool);
  }
}
