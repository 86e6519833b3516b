import { DateTime } from 'luxon';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/client';
import type { ErrorKeys } from '../../api/errors';
import { localeOf, useFormat } from '../../ui/format';

/** "14:05" today, "Mo., 30. Nov., 14:05" on another day: in the counsellor's zone. */
export function useMessageTime(zone: string): (iso: string) => string {
  const format = useFormat();
  return useCallback(
    (iso: string) =>
      DateTime.fromISO(iso).setZone(zone).hasSame(DateTime.now().setZone(zone), 'day')
        ? format.time(iso, zone)
        : `${format.shortDate(iso, zone)}, ${format.time(iso, zone)}`,
    [format, zone],
  );
}

/** A file size in the user's language: "820 kB", "1.4 MB". */
export function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (bytes: number) => {
      const locale = localeOf(i18n.language);
      if (bytes >= 1024 * 1024) {
        return new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: 'megabyte',
          maximumFractionDigits: 1,
        }).format(bytes / (1024 * 1024));
      }
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'kilobyte',
        maximumFractionDigits: bytes < 10 * 1024 ? 1 : 0,
      }).format(bytes / 1024);
    },
    [i18n.language],
  );
}

/** "PDF", "JPEG", "PNG": what a counsellor recognises, instead of a MIME type. */
export function typeLabel(contentType: string): string {
  switch (contentType) {
    case 'application/pdf':
      return 'PDF';
    case 'image/jpeg':
      return 'JPEG';
    case 'image/png':
      return 'PNG';
    default:
      return contentType;
  }
}

/** Only these are shown as a picture (from a blob, in an <img>); everything else is a download. */
export function isPicture(contentType: string): boolean {
  return contentType === 'image/jpeg' || contentType === 'image/png';
}

/**
 * The conversation's own texts for its refusals: closed, document limit, file type and size, too
 * many messages. Decided by status and `code`, never by the message.
 */
export function conversationErrors(error: unknown, sending: 'text' | 'document'): ErrorKeys {
  const closed = errorCode(error) === 'conversation_closed';
  return {
    400: sending === 'text' ? 'staff:messages.errors.text' : 'staff:messages.errors.file',
    403: 'staff:messages.errors.forbidden',
    404: 'staff:messages.errors.notFound',
    409: closed
      ? 'staff:messages.errors.closed'
      : sending === 'document'
        ? 'staff:messages.errors.documentLimit'
        : 'common:errors.conflict',
    413: 'staff:messages.errors.tooLarge',
    415: 'staff:messages.errors.type',
    429: 'staff:messages.errors.tooMany',
  };
}
