import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { isMachineTranslated } from '../i18n/status';
import './languages.css';

/** Staff areas: their texts are not client texts (and exist in fewer languages). */
const STAFF_PATHS = /^\/(staff|admin|platform|account|interpreter)(\/|$)/;

/**
 * One quiet line under the header on client pages whose language was translated by machine, so
 * the reader knows to ask when a sentence reads oddly. The layout shows it once per page.
 */
export function TranslationNotice() {
  const { t, i18n } = useTranslation('common');
  const { pathname } = useLocation();
  if (STAFF_PATHS.test(pathname) || !isMachineTranslated(i18n.language)) return null;
  return (
    <p className="translation-notice" data-testid="translation-notice">
      {t('translationNotice')}
    </p>
  );
}
