import { Module } from '@nestjs/common';
import { ConsultationTypeService } from './consultation-type.service.js';
import { CounsellorService } from './counsellor.service.js';
import { HolidayService } from './holiday.service.js';
import { RosterCache } from './roster-cache.js';
import { RosterRepository } from './roster.repository.js';
import { SlotService } from './slot.service.js';

@Module({
  providers: [
    RosterRepository,
    RosterCache,
    CounsellorService,
    ConsultationTypeService,
    HolidayService,
    SlotService,
  ],
  exports: [CounsellorService, ConsultationTypeService, HolidayService, SlotService],
})
export class RosterModule {}
