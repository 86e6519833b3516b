import { Module } from '@nestjs/common';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { StaffRepository } from './staff.repository.js';
import { StaffService } from './staff.service.js';

@Module({
  providers: [StaffRepository, PasswordHasher, LoginThrottle, AuthService, StaffService],
  exports: [AuthService, StaffService],
})
export class StaffModule {}
