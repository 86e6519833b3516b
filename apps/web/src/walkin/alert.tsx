import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface TurnAlert {
  enabled: boolean;
  /** Called from the click that switches it on: browsers allow sound only after a user gesture. */
  setEnabled: (enabled: boolean) => void;
}

/** A short two-tone beep, synthesised (no sound file to download). */
function beep(context: AudioContext): void {
  const gain = context.createGain();
  gain.gain.value = 0.2;
  gain.connect(context.destination);
  [880, 660].forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    const start = context.currentTime + index * 0.25;
    oscillator.start(start);
    oscillator.stop(start + 0.2);
  });
}

/**
 * Sound and vibration when the client's turn comes, if they switched it on: a phone lying on the
 * table should be heard. Only the change to "your turn" rings, not a reload while called.
 */
export function useTurnAlert(turn: boolean): TurnAlert {
  const [enabled, setEnabledState] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  const previous = useRef(turn);

  useEffect(() => {
    const came = turn && !previous.current;
    previous.current = turn;
    if (!came || !enabled) return;
    navigator.vibrate?.([300, 150, 300]);
    if (audio.current) beep(audio.current);
  }, [turn, enabled]);

  useEffect(() => () => void audio.current?.close(), []);

  const setEnabled = (next: boolean) => {
    setEnabledState(next);
    if (next && !audio.current && typeof AudioContext !== 'undefined') {
      audio.current = new AudioContext();
      // A quiet confirmation that it works, in the same gesture that allowed it.
      void audio.current.resume().then(() => audio.current && beep(audio.current));
    }
  };
  return { enabled, setEnabled };
}

export function Alert({ alert }: { alert: TurnAlert }) {
  const { t } = useTranslation('walkin');
  return (
    <label className="choice">
      <input
        type="checkbox"
        checked={alert.enabled}
        onChange={(event) => alert.setEnabled(event.target.checked)}
      />
      {t('ticket.alert')}
    </label>
  );
}
