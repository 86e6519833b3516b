import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import type { ConversationSummary } from '../staffApi';
import { ConversationPane } from './ConversationPane';
import { useAppointmentConversation, useInbox } from './conversationApi';
import { conversationErrors } from './format';

/**
 * The inbox rows of the counsellor's appointments, by appointment id: the console's unread marks
 * come from this one list instead of one request per appointment.
 */
export function useConversationsByAppointment(enabled: boolean): Map<string, ConversationSummary> {
  const inbox = useInbox(enabled);
  const byAppointment = new Map<string, ConversationSummary>();
  for (const summary of inbox.data ?? []) {
    if (summary.appointmentId) byAppointment.set(summary.appointmentId, summary);
  }
  return byAppointment;
}

/**
 * The messages beside an appointment in the console: closed until the counsellor opens them (what
 * is shown counts as read), with the number of unread ones on the button.
 */
export function AppointmentMessages({
  appointmentId,
  unread,
  zone,
}: {
  appointmentId: string;
  unread: number;
  zone: string;
}) {
  const { t } = useTranslation('staff');
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <div className="appointment-messages">
      <button
        type="button"
        className="btn"
        aria-expanded={shown}
        aria-controls={shown ? id : undefined}
        onClick={() => setShown((now) => !now)}
      >
        {unread > 0 ? t('messages.consoleUnread', { count: unread }) : t('messages.console')}
      </button>
      {shown ? (
        <div id={id} className="appointment-conversation">
          <AppointmentConversation appointmentId={appointmentId} zone={zone} />
        </div>
      ) : null}
    </div>
  );
}

function AppointmentConversation({ appointmentId, zone }: { appointmentId: string; zone: string }) {
  const conversation = useAppointmentConversation(appointmentId);
  if (conversation.isPending) return <Loading />;
  if (conversation.isError) {
    return (
      <ErrorNotice
        error={conversation.error}
        overrides={conversationErrors(conversation.error, 'text')}
      />
    );
  }
  return <ConversationPane conversation={conversation.data} zone={zone} headingLevel={4} />;
}
