import { Module } from '@nestjs/common';
import { OfficesModule } from '@app/offices';
import { ConsultationTypeService } from './consultation-type.service.js';
import { CounsellorService } from './counsellor.service.js';
import { HolidayService } from './holiday.service.js';
import { InterpreterRepository } from './interpreter.repository.js';
import { RosterCache } from './roster-cache.js';
import { RosterRepository } from './roster.repository.js';
import { SlotService } from './slot.service.js';

@Module({
  imports: [OfficesModule],
  providers: [
    RosterRepository,
    InterpreterRepository,
    RosterCache,
    CounsellorService,
    ConsultationTypeService,
    HolidayService,
    SlotService,
  ],
  exports: [CounsellorService, ConsultationTypeService, HolidayService, SlotService, OfficesModule],
})
export class RosterModule {}
