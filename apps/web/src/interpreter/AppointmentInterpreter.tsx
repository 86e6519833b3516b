import { useTranslation } from 'react-i18next';
import type { AppointmentInterpreter } from './api';
import { useSpokenLanguageName } from './languageNames';

interface Props {
  appointment: { interpreter?: AppointmentInterpreter | null; needsInterpreter?: boolean };
  /** Shown when there is neither a booked interpreter nor the wish for one. */
  none: string;
}

/**
 * An appointment's interpreter as staff see it: "Tigrinya (Selam Tesfay)" when one is booked, else
 * whether the client only wished for one. The console, the admin's list and the agenda share it.
 */
export function AppointmentInterpreterText({ appointment, none }: Props) {
  const { t } = useTranslation('interpreter');
  const languageName = useSpokenLanguageName();
  const interpreter = appointment.interpreter;
  if (interpreter) {
    return (
      <span className="interpreter-booked">
        {t('label.booked', {
          language: languageName(interpreter.language),
          name: interpreter.name,
        })}
      </span>
    );
  }
  return <>{appointment.needsInterpreter ? t('label.wish') : none}</>;
}
