import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../api/errors';
import { retryMinutes, sendErrorKey } from './logic';

/**
 * The failure of a send as a sentence in the user's language: the conversation's own texts for a
 * closed conversation, too many messages, a file too large or of a kind not taken; else the
 * general ones.
 */
export function useSendFailure(): (error: unknown, what: 'message' | 'document') => string {
  const { t } = useTranslation('conversation');
  const general = useErrorMessage();
  return useCallback(
    (error: unknown, what: 'message' | 'document') => {
      const key = sendErrorKey(error, what);
      return key ? t(key, { minutes: retryMinutes(error) }) : general(error);
    },
    [t, general],
  );
}
