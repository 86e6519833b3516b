import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { OFFICE_SLUG_PATTERN } from '@app/offices';
import { SHARE_LANGUAGES, type ShareLanguage } from './share-links.js';

const KEY =
  /^(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?[0-9a-f]{8}$|^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

export class ShareOfficeQueryDto {
  @ApiProperty({ example: 'willkommenszentrum', description: "The office's slug" })
  @Matches(OFFICE_SLUG_PATTERN, { message: 'office must be an office slug' })
  @MaxLength(40)
  office: string;

  @ApiPropertyOptional({ enum: SHARE_LANGUAGES, default: 'de', example: 'ar' })
  @IsOptional()
  @IsIn(SHARE_LANGUAGES)
  language?: ShareLanguage;
}

export class SharePreviewQueryDto extends ShareOfficeQueryDto {
  @ApiPropertyOptional({
    example: 'first-consultation-3f9a2c1b',
    description: "A consultation type's share key (or id): its card instead of the office's",
  })
  @IsOptional()
  @Matches(KEY, { message: 'type must be a share key' })
  @MaxLength(80)
  type?: string;

  @ApiPropertyOptional({
    example: 'open-consultation-9d3b6a52',
    description: "A walk-in hour's share key (or id): its card instead of the office's",
  })
  @IsOptional()
  @Matches(KEY, { message: 'hour must be a share key' })
  @MaxLength(80)
  hour?: string;
}

export class ShareLinkDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'first-consultation-3f9a2c1b', description: 'Its key in share links' })
  key: string;

  @ApiProperty({ example: 'Erstberatung', description: 'In the requested language' })
  name: string;

  @ApiProperty({
    example: 'https://termine.example.org/s/willkommenszentrum/ar/first-consultation-3f9a2c1b',
  })
  url: string;
}

export class ShareOfficeLinkDto {
  @ApiProperty({ example: 'willkommenszentrum' })
  slug: string;

  @ApiProperty({ example: 'Willkommenszentrum', description: 'In the requested language' })
  name: string;

  @ApiProperty({ example: 'https://termine.example.org/s/willkommenszentrum/ar' })
  url: string;
}

export class ShareLinksDto {
  @ApiProperty({ enum: SHARE_LANGUAGES })
  language: string;

  @ApiProperty({ type: ShareOfficeLinkDto })
  office: ShareOfficeLinkDto;

  @ApiProperty({ type: [ShareLinkDto], description: 'The bookable consultation types' })
  types: ShareLinkDto[];

  @ApiProperty({ type: [ShareLinkDto], description: 'The active walk-in hours' })
  walkInHours: ShareLinkDto[];

  @ApiProperty({ description: "The office card's preview image (PNG, 1200 × 630)" })
  previewUrl: string;

  @ApiProperty({ description: "The office's printable poster (PDF, A4)" })
  posterUrl: string;
}
