import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUnreadConversations } from './conversationApi';
import './messages.css';

/** "Messages" in the staff navigation, with the number of unread client messages. */
export function MessagesNavLink() {
  const { t } = useTranslation('staff');
  const unread = useUnreadConversations().data?.messages ?? 0;
  return (
    <NavLink to="/staff/messages">
      {t('messages.nav')}
      {unread > 0 ? (
        <>
          {' '}
          <span className="count-badge" aria-hidden="true">
            {unread}
          </span>
          <span className="visually-hidden">{t('messages.navUnread', { count: unread })}</span>
        </>
      ) : null}
    </NavLink>
  );
}
