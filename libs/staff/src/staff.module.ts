import { Module } from '@nestjs/common';
import { OfficesModule } from '@app/offices';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { OfficeOnboardingService } from './office-onboarding.service.js';
import { PasswordHasher } from './password-hasher.js';
import { StaffRepository } from './staff.repository.js';
import { StaffService } from './staff.service.js';

@Module({
  imports: [OfficesModule],
  providers: [
    StaffRepository,
    PasswordHasher,
    LoginThrottle,
    AuthService,
    StaffService,
    OfficeOnboardingService,
  ],
  exports: [AuthService, StaffService, OfficeOnboardingService],
})
export class StaffModule {}
