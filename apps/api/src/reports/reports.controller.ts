import { Controller, Get, Header, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { ErrorResponseDto } from '@app/common';
import { reportCsvLines, StatisticsService, type StatisticsReport } from '@app/reports';
import type { StaffPrincipal } from '@app/staff';
import { CurrentStaff, Roles } from '../auth/auth.decorators.js';
import { StatisticsQueryDto, StatisticsResponseDto } from './reports.dto.js';
import { renderStatisticsPdf } from './statistics-pdf.js';

const fileName = (report: StatisticsReport, extension: string): string =>
  `statistics-${report.period.from}-${report.period.to}.${extension}`;

/**
 * Anonymous statistics for funders: the same figures as JSON, CSV and PDF. Platform admins see
 * every office (side by side), office admins their office, counsellors their own cases; the
 * service checks the scope. Every count is suppressed and rounded (see README, "Statistics and
 * privacy").
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('platform_admin', 'admin', 'counsellor')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'Another office (office_not_allowed), another counsellor (not_own_counsellor)',
})
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown office or counsellor' })
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('statistics')
  @ApiOperation({
    summary:
      'Counts of a period: cases, outcomes, languages, topics, channels, lead times, unmet demand',
    description:
      'Every count is 0, a multiple of 5, or "<5" (true count 1–4); medians only for cells of at least 5 cases. Totals are rounded on their own.',
  })
  @ApiOkResponse({ type: StatisticsResponseDto })
  async json(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: StatisticsQueryDto,
  ): Promise<StatisticsResponseDto> {
    return this.statistics.report(staff, query);
  }

  @Get('statistics.csv')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The same figures as CSV: one line per number (scope,office_id,office_name,section,key,label,value)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async csv(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: StatisticsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const report = await this.statistics.report(staff, query);
    response.setHeader('Content-Disposition', `attachment; filename="${fileName(report, 'csv')}"`);
    return new StreamableFile(Readable.from(reportCsvLines(report)), {
      type: 'text/csv; charset=utf-8',
    });
  }

  @Get('statistics.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The same figures as a printable report (PDF, A4)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async pdf(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: StatisticsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const report = await this.statistics.report(staff, query);
    const scope =
      report.scope === 'platform'
        ? report.filters.officeId === null
          ? 'all offices'
          : 'one office'
        : report.scope === 'office'
          ? 'office'
          : 'own cases';
    const pdf = await renderStatisticsPdf(report, scope);
    response.setHeader('Content-Disposition', `inline; filename="${fileName(report, 'pdf')}"`);
    return new StreamableFile(pdf, { type: 'application/pdf' });
  }
}
