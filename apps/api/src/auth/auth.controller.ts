import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@app/common';
import { AuthService, type StaffPrincipal } from '@app/staff';
import { toStaffResponse } from '../staff/staff.dto.js';
import { CurrentStaff, Public, RateLimit } from './auth.decorators.js';
import { ChangePasswordDto, LoginRequestDto, LoginResponseDto, MeResponseDto } from './auth.dto.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Staff login: returns a session token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Rate limit, or account locked after repeated failures',
  })
  async login(@Body() body: LoginRequestDto): Promise<LoginResponseDto> {
    const result = await this.auth.login(body.email, body.password);
    return {
      token: result.token,
      expiresAt: result.expiresAt.toISOString(),
      staff: toStaffResponse(result.staff),
    };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  async logout(@CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.auth.logout(staff.sessionId);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; your other sessions end' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Not logged in, or wrong current password',
  })
  async changePassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(staff, body.currentPassword, body.newPassword);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  me(@CurrentStaff() staff: StaffPrincipal): MeResponseDto {
    return {
      id: staff.staffId,
      email: staff.email,
      displayName: staff.displayName,
      role: staff.role,
    };
  }
}
