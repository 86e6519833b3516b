import { useTranslation } from 'react-i18next';
import { useSpokenLanguageName } from '../interpreter/languageNames';
import { roleLabel, type CallPerson } from './people';

interface PeopleInCallProps {
  people: readonly CallPerson[];
  /** The client may refuse a guest the counsellor invited. */
  onRefuse?: (person: CallPerson) => void;
  refusing?: boolean;
  /** A sentence after a refusal, read out. */
  notice?: string | null;
}

/**
 * Who is in the call, with names and roles, before and during it: everyone present is introduced
 * (as the KBV asks of video consultations), and a client can refuse a guest.
 */
export function PeopleInCall({ people, onRefuse, refusing = false, notice }: PeopleInCallProps) {
  const { t } = useTranslation('video');
  const languageName = useSpokenLanguageName();
  return (
    <section className="card people-in-call" aria-labelledby="people-heading">
      <h2 id="people-heading">{t('people.title')}</h2>
      <ul className="people-list">
        {people.map((person) => (
          <li key={person.identity} className="people-item" data-role={person.role}>
            <span>
              <strong>{person.you ? t('people.you', { name: person.name }) : person.name}</strong>
              <span className="people-role">{roleLabel(t, person, languageName)}</span>
              {person.status && person.status !== 'admitted' ? (
                <span className="muted">{t(`people.status.${person.status}`)}</span>
              ) : null}
            </span>
            {onRefuse && person.role === 'guest' && person.guestId ? (
              <button
                type="button"
                className="btn"
                disabled={refusing}
                onClick={() => onRefuse(person)}
              >
                {t('people.refuse', { name: person.name })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {onRefuse && people.some((person) => person.role === 'guest') ? (
        <p className="muted">{t('people.refuseHint')}</p>
      ) : null}
      <p role="status" className="people-notice">
        {notice ?? ''}
      </p>
    </section>
  );
}
