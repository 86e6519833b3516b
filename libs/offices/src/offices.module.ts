import { Module } from '@nestjs/common';
import { OfficeRepository } from './office.repository.js';
import { OfficeService } from './office.service.js';

@Module({
  providers: [OfficeRepository, OfficeService],
  exports: [OfficeService],
})
export class OfficesModule {}
