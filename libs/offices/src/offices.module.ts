import { Module } from '@nestjs/common';
import { InterpreterPoolRepository } from './interpreter-pool.repository.js';
import { InterpreterPoolService } from './interpreter-pool.service.js';
import { OfficeRepository } from './office.repository.js';
import { OfficeService } from './office.service.js';
import { PlatformOfficeService } from './platform-office.service.js';

@Module({
  providers: [
    OfficeRepository,
    OfficeService,
    PlatformOfficeService,
    InterpreterPoolRepository,
    InterpreterPoolService,
  ],
  exports: [OfficeRepository, OfficeService, PlatformOfficeService, InterpreterPoolService],
})
export class OfficesModule {}
