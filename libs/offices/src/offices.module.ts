import { Module } from '@nestjs/common';
import { OfficeRepository } from './office.repository.js';
import { OfficeService } from './office.service.js';
import { PlatformOfficeService } from './platform-office.service.js';

@Module({
  providers: [OfficeRepository, OfficeService, PlatformOfficeService],
  exports: [OfficeRepository, OfficeService, PlatformOfficeService],
})
export class OfficesModule {}
