import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Ip,
  Post,
  Req,
  Res,
} from '@nestjs/common';
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
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '@app/common';
import { AppConfig } from '@app/config';
import { OfficeService } from '@app/offices';
import { AuthService, STAFF_ROLES, type StaffPrincipal } from '@app/staff';
import { CurrentStaff, Public, RateLimit, Roles } from './auth.decorators.js';
import { ChangePasswordDto, LoginRequestDto, LoginResponseDto, MeResponseDto } from './auth.dto.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

@ApiTags('auth')
// Every staff member's own session and password, the platform admin's too.
@Roles(...STAFF_ROLES)
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly offices: OfficeService,
  ) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Staff login: returns a session token (Authorization: Bearer) and sets it as an HttpOnly session cookie for browsers',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong email or password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description:
      'Rate limit, or (code login_throttled) a wait after repeated failures from this address',
  })
  async login(
    @Body() body: LoginRequestDto,
    @Ip() address: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    const result = await this.auth.login(body.email, body.password, address);
    // Browsers keep the session in an HttpOnly cookie; API clients use the token of the answer.
    setSessionCookie(request, response, this.config, result.token);
    return {
      token: result.token,
      expiresAt: result.expiresAt.toISOString(),
      staff: await this.meOf({ ...result.staff, staffId: result.staff.id }),
    };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  // A shared computer forgets the session's traces: cached staff pages, cookies, stored data.
  @Header('Clear-Site-Data', '"cache", "cookies", "storage"')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the current session' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  async logout(
    @CurrentStaff() staff: StaffPrincipal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(staff.sessionId);
    clearSessionCookie(request, response, this.config);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; your other sessions end' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Invalid, or (code password_unchanged) the same as the current one',
  })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'Not logged in, or (code wrong_current_password) wrong current password',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: '(code login_throttled) a wait after repeated wrong current passwords',
  })
  async changePassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ChangePasswordDto,
    @Ip() address: string,
  ): Promise<void> {
    await this.auth.changePassword(staff, body.currentPassword, body.newPassword, address);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  me(@CurrentStaff() staff: StaffPrincipal): Promise<MeResponseDto> {
    return this.meOf(staff);
  }

  private async meOf(
    staff: Pick<StaffPrincipal, 'staffId' | 'email' | 'displayName' | 'role' | 'officeId'>,
  ): Promise<MeResponseDto> {
    const office = staff.officeId === null ? null : await this.offices.getOrThrow(staff.officeId);
    return {
      id: staff.staffId,
      email: staff.email,
      displayName: staff.displayName,
      role: staff.role,
      office: office && {
        id: office.id,
        slug: office.slug,
        name: office.name,
        timeZone: office.timeZone,
      },
    };
  }
}
