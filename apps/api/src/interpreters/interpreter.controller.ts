import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { InterpreterAssignmentsService } from '@app/appointments';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import { AssignmentsQueryDto, InterpreterAssignmentDto } from './interpreter.dto.js';

/**
 * An interpreter's own view. Their roster (rules, extra hours, absences) is managed through
 * /api/counsellors/me and /api/counsellors/{id}/…, which admit interpreters for themselves.
 */
@ApiTags('interpreter')
@ApiBearerAuth()
@Roles('interpreter')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an interpreter' })
@Controller('api/interpreter')
export class InterpreterController {
  constructor(private readonly assignments: InterpreterAssignmentsService) {}

  @Get('assignments')
  @ApiOperation({
    summary: "The logged-in interpreter's appointments on these days (no client contact data)",
  })
  @ApiOkResponse({ type: [InterpreterAssignmentDto] })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'interpreter_not_found: no interpreter is linked to the account',
  })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: AssignmentsQueryDto,
  ): Promise<InterpreterAssignmentDto[]> {
    return this.assignments.list(staff, query.from, query.to);
  }
}
