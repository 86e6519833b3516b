import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponseDto } from '@app/common';
import { Public, RateLimit } from '../auth/auth.decorators.js';
import { DEFAULT_SHARE_LANGUAGE } from './share-links.js';
import { ShareLinksDto, ShareOfficeQueryDto, SharePreviewQueryDto } from './share.dto.js';
import { ShareService, type RenderedFile } from './share.service.js';

/**
 * Caches may keep images and posters for an hour (crawlers fetch a card's image many times) and
 * revalidate with the ETag after; a renamed office changes the content, so its ETag.
 */
const RENDERED_CACHE = 'public, max-age=3600';

/** Shareable links of an office, their preview images and the office's poster. */
@ApiTags('sharing (public)')
@Public()
@ApiTooManyRequestsResponse({ type: ErrorResponseDto })
@Controller('api/public/share')
export class ShareController {
  constructor(private readonly shares: ShareService) {}

  @Get('links')
  @ApiOperation({
    summary: "An office's share links in a language: the office, its types, its walk-in hours",
  })
  @ApiOkResponse({ type: ShareLinksDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or suspended office' })
  links(@Query() query: ShareOfficeQueryDto): Promise<ShareLinksDto> {
    return this.shares.links(query.office, query.language ?? DEFAULT_SHARE_LANGUAGE);
  }

  // Rendering costs CPU: under the slot search's tight limit, besides the in-memory cache.
  @Get('preview.png')
  @RateLimit('search')
  @ApiOperation({
    summary: 'The preview image of a share link (Open Graph, 1200 × 630), in its language',
  })
  @ApiOkResponse({ description: 'image/png', content: { 'image/png': {} } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown office, type or hour' })
  async preview(@Query() query: SharePreviewQueryDto, @Res() response: Response): Promise<void> {
    const file = await this.shares.previewImage({
      office: query.office,
      language: query.language ?? DEFAULT_SHARE_LANGUAGE,
      type: query.type,
      hour: query.hour,
    });
    send(response, file, 'image/png');
  }

  @Get('poster.pdf')
  @RateLimit('search')
  @ApiOperation({
    summary: "The office's printable poster (PDF, A4) in a language",
    description:
      'Its name, a headline, the QR code of its share link, the languages counselled in and the weekly walk-in hours. Public: it shows only what the office page shows, and volunteers print it too.',
  })
  @ApiOkResponse({ description: 'application/pdf', content: { 'application/pdf': {} } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or suspended office' })
  async poster(@Query() query: ShareOfficeQueryDto, @Res() response: Response): Promise<void> {
    const language = query.language ?? DEFAULT_SHARE_LANGUAGE;
    const file = await this.shares.poster(query.office, language);
    response.setHeader(
      'Content-Disposition',
      `inline; filename="poster-${query.office}-${language}.pdf"`,
    );
    send(response, file, 'application/pdf');
  }
}

/** Express answers 304 itself when the request's If-None-Match is the ETag. */
function send(response: Response, file: RenderedFile, type: string): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', RENDERED_CACHE);
  response.setHeader('ETag', file.etag);
  response.send(file.body);
}
