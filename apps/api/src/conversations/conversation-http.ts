import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { DocumentView } from '@app/documents';

/** Swagger's description of an upload: one file in the form field "file". */
export const UPLOAD_BODY = {
  schema: {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG' } },
    required: ['file'],
  },
};

/** Swagger's description of a download. */
export const DOWNLOAD = {
  description: 'The file (PDF, JPEG or PNG), as an attachment',
  schema: { type: 'string', format: 'binary' },
};

/**
 * A document as a download that no browser renders in the page's origin: an attachment, never
 * cached, its type not sniffed, and sandboxed should it be opened anyway.
 */
export function sendDocument(
  response: Response,
  document: DocumentView,
  content: Buffer,
): StreamableFile {
  response.attachment(document.fileName);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  return new StreamableFile(content, { type: document.contentType, length: content.length });
}
