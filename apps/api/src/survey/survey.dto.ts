import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CHANNELS } from '@app/roster';
import { COMMENT_MAX_CHARS, SUPPRESSED, type SurveyContext, type SurveyReport } from '@app/survey';

const MONTH_OR_DAY = /^\d{4}-\d{2}(-\d{2})?$/;
/** Control characters but newline and tab (the service also refuses bidi controls). */
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** A published count: a number (0 or a multiple of 5) or "<5". */
const COUNT: ApiPropertyOptions = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', enum: [SUPPRESSED] },
  ],
  example: 15,
};
const COUNT_ITEM = {
  oneOf: [
    { type: 'integer' as const, minimum: 0 },
    { type: 'string' as const, enum: [SUPPRESSED] },
  ],
};

export class SurveyContextDto {
  @ApiProperty({ example: 'Willkommenszentrum Berlin', description: "The office's name" })
  officeName: string;

  @ApiProperty({ example: 'ar', description: "The client's language (BCP 47)" })
  language: string;

  @ApiProperty({ example: '2026-12-21T10:00:00.000Z', description: 'When the link dies' })
  expiresAt: string;
}

export const toSurveyContext = (context: SurveyContext): SurveyContextDto => ({
  officeName: context.officeName,
  language: context.language,
  expiresAt: context.expiresAt.toISOString(),
});

/** The answers after the first: each may be left out. */
export class SurveyLaterAnswersDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 5,
    example: 4,
    nullable: true,
    description: 'Was the technology easy? (may be left out)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  technologyEasy?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    example: true,
    nullable: true,
    description: 'Would you use it again? (may be left out)',
  })
  @IsOptional()
  @IsBoolean()
  useAgain?: boolean | null;

  @ApiPropertyOptional({
    type: String,
    maxLength: COMMENT_MAX_CHARS,
    nullable: true,
    description: 'A short comment; no control characters but newline and tab',
  })
  @IsOptional()
  @IsString()
  @MaxLength(COMMENT_MAX_CHARS)
  @Matches(NO_CONTROL, {
    message: 'comment must not contain control characters (but newline and tab)',
  })
  comment?: string | null;
}

export class SurveyAnswerDto extends SurveyLaterAnswersDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 5,
    example: 5,
    description: 'Was the conversation helpful?',
  })
  @IsInt()
  @Min(1)
  @Max(5)
  helpful: number;
}

export class SurveyAnsweredDto {
  @ApiProperty({ example: true }) answered: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'While answers are left open (a tap answered the first question): the key, shown once, with which the page may add them within the hour (POST /api/public/survey/completion, X-Survey-Completion)',
  })
  completionKey: string | null;
}

export class SurveyReportQueryDto {
  @ApiProperty({ example: '2026-01', description: 'First month (YYYY-MM) or day (YYYY-MM-DD)' })
  @IsString()
  @Matches(MONTH_OR_DAY, { message: 'from must be a month (YYYY-MM) or a day (YYYY-MM-DD)' })
  from: string;

  @ApiProperty({
    example: '2026-12',
    description: 'Last month or day, inclusive (24 months at most)',
  })
  @IsString()
  @Matches(MONTH_OR_DAY, { message: 'to must be a month (YYYY-MM) or a day (YYYY-MM-DD)' })
  to: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Platform admins: one office (all when absent). Office admins: their own only.',
  })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ example: 'ar', description: "The client's language (BCP 47)" })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: 'language must be a language tag' })
  @MaxLength(35)
  language?: string;

  @ApiPropertyOptional({
    example: 'residence',
    description: 'The topic (as consultation types name it)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\p{L}\p{N}_-]{1,64}$/u, {
    message: 'topic must be a topic key (letters, digits, - and _)',
  })
  topic?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;
}

class ScaleFiguresDto {
  @ApiProperty(COUNT) answers: number | string;
  @ApiProperty({ type: Number, nullable: true, example: 4.3, description: 'null under 5 answers' })
  average: number | null;
  @ApiProperty({
    type: 'array',
    items: COUNT_ITEM,
    description: 'Answers per value: index 0 is 1, index 4 is 5',
  })
  distribution: (number | string)[];
}

class UseAgainDto {
  @ApiProperty(COUNT) yes: number | string;
  @ApiProperty(COUNT) no: number | string;
}

class SurveyCommentsDto {
  @ApiProperty({ description: 'Whether comments are listed' }) shown: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['too_few_answers', 'office_admins_only'],
    description: 'Why not: fewer than 5 answers for this filter, or not an office admin',
  })
  withheld: string | null;
  @ApiProperty({ type: [String] }) items: string[];
}

class SurveyPeriodDto {
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
}

class SurveyFiltersDto {
  @ApiProperty({ type: String, nullable: true }) officeId: string | null;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ type: String, nullable: true }) topic: string | null;
  @ApiProperty({ type: String, nullable: true }) channel: string | null;
}

class SuppressionDto {
  @ApiProperty({ example: 5 }) threshold: number;
  @ApiProperty({ example: 5 }) roundTo: number;
  @ApiProperty({ example: SUPPRESSED }) suppressedLabel: string;
  @ApiProperty() note: string;
}

export class SurveyReportDto {
  @ApiProperty({ type: SurveyPeriodDto }) period: SurveyPeriodDto;
  @ApiProperty({ type: SurveyFiltersDto }) filters: SurveyFiltersDto;
  @ApiProperty({ type: SuppressionDto }) suppression: SuppressionDto;
  @ApiProperty(COUNT) answers: number | string;
  @ApiProperty({ type: ScaleFiguresDto }) helpful: ScaleFiguresDto;
  @ApiProperty({ type: ScaleFiguresDto }) technologyEasy: ScaleFiguresDto;
  @ApiProperty({ type: UseAgainDto }) useAgain: UseAgainDto;
  @ApiProperty({ type: SurveyCommentsDto }) comments: SurveyCommentsDto;
}

export const toSurveyReport = (report: SurveyReport): SurveyReportDto => report;
