import { Module } from '@nestjs/common';
import { RosterModule } from '@app/roster';
import { SlotSearchStatRepository } from './slot-search-stat.repository.js';
import { SlotSearchStats } from './slot-search-stats.js';
import { StatisticsRepository } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';

@Module({
  imports: [RosterModule],
  providers: [SlotSearchStatRepository, SlotSearchStats, StatisticsRepository, StatisticsService],
  exports: [SlotSearchStats, StatisticsService],
})
export class ReportsModule {}
