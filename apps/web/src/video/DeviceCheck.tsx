import {
  Room,
  createAudioAnalyser,
  createLocalAudioTrack,
  createLocalVideoTrack,
  type LocalAudioTrack,
  type LocalVideoTrack,
} from 'livekit-client';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../ui/Field';
import { Icon } from './icons';
import { browserFamily, deviceProblem, type DeviceProblem, type MediaChoices } from './media';

interface DeviceCheckProps {
  choices: MediaChoices;
  onChange: (choices: MediaChoices) => void;
  /** The join button and whatever else belongs under the check. */
  children?: ReactNode;
}

/**
 * Camera preview, microphone level and device choice before a call. The tracks are released when
 * the check closes; the call opens the chosen devices again.
 */
export function DeviceCheck({ choices, onChange, children }: DeviceCheckProps) {
  const { t } = useTranslation('video');
  const [attempt, setAttempt] = useState(0);
  const [videoTrack, setVideoTrack] = useState<LocalVideoTrack | null>(null);
  const [audioTrack, setAudioTrack] = useState<LocalAudioTrack | null>(null);
  const [videoProblem, setVideoProblem] = useState<DeviceProblem | null>(null);
  const [audioProblem, setAudioProblem] = useState<DeviceProblem | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const videoRef = useRef<HTMLVideoElement>(null);
  const switchId = useId();

  const refreshDevices = useCallback(async () => {
    try {
      setCameras(await Room.getLocalDevices('videoinput', false));
      setMicrophones(await Room.getLocalDevices('audioinput', false));
    } catch {
      // No device list (old browser): the default devices are used.
    }
  }, []);

  useEffect(() => {
    const listener = () => void refreshDevices();
    navigator.mediaDevices?.addEventListener?.('devicechange', listener);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', listener);
  }, [refreshDevices]);

  // The camera, unless audio only.
  useEffect(() => {
    if (choices.audioOnly) return;
    let cancelled = false;
    let track: LocalVideoTrack | undefined;
    createLocalVideoTrack({
      deviceId: choices.videoDeviceId,
      resolution: { width: 640, height: 360 },
    }).then(
      (created) => {
        if (cancelled) {
          created.stop();
          return;
        }
        track = created;
        setVideoTrack(created);
        setVideoProblem(null);
        void refreshDevices();
      },
      (error: unknown) => {
        if (!cancelled) setVideoProblem(deviceProblem(error));
      },
    );
    return () => {
      cancelled = true;
      track?.stop();
      setVideoTrack(null);
    };
  }, [choices.audioOnly, choices.videoDeviceId, attempt, refreshDevices]);

  // The microphone.
  useEffect(() => {
    let cancelled = false;
    let track: LocalAudioTrack | undefined;
    createLocalAudioTrack({ deviceId: choices.audioDeviceId }).then(
      (created) => {
        if (cancelled) {
          created.stop();
          return;
        }
        track = created;
        setAudioTrack(created);
        setAudioProblem(null);
        void refreshDevices();
      },
      (error: unknown) => {
        if (!cancelled) setAudioProblem(deviceProblem(error));
      },
    );
    return () => {
      cancelled = true;
      track?.stop();
      setAudioTrack(null);
    };
  }, [choices.audioDeviceId, attempt, refreshDevices]);

  useEffect(() => {
    const element = videoRef.current;
    if (!videoTrack || !element) return;
    videoTrack.attach(element);
    return () => {
      videoTrack.detach(element);
    };
  }, [videoTrack]);

  const retry = () => setAttempt((n) => n + 1);
  const showCamera = !choices.audioOnly;

  return (
    <section className="card device-check" aria-labelledby="device-check-heading">
      <h2 id="device-check-heading">{t('check.title')}</h2>
      <p>{t('check.intro')}</p>
      <div className="device-grid">
        <div className="preview">
          {showCamera && videoTrack ? (
            <video
              ref={videoRef}
              className="preview-video"
              muted
              playsInline
              autoPlay
              aria-label={t('check.previewLabel')}
            />
          ) : (
            <div className="preview-off">
              <Icon name={showCamera ? 'camera' : 'headset'} />
              <span>
                {!showCamera
                  ? t('check.audioOnlyPreview')
                  : videoProblem
                    ? t('check.noPicture')
                    : t('check.startingCamera')}
              </span>
            </div>
          )}
        </div>
        <div className="stack">
          <MicrophoneLevel track={audioTrack} />
          {showCamera && videoProblem ? (
            <ProblemNotice device="camera" problem={videoProblem} onRetry={retry} />
          ) : null}
          {audioProblem ? (
            <ProblemNotice device="microphone" problem={audioProblem} onRetry={retry} />
          ) : null}
          {showCamera && cameras.length > 1 ? (
            <Field label={t('check.camera')}>
              <select
                value={choices.videoDeviceId ?? videoTrack?.mediaStreamTrack.getSettings().deviceId}
                onChange={(event) => onChange({ ...choices, videoDeviceId: event.target.value })}
              >
                {cameras.map((device, index) => (
                  <option key={device.deviceId} value={device.deviceId}>
                    {device.label || t('check.cameraNumber', { number: index + 1 })}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          {microphones.length > 1 ? (
            <Field label={t('check.microphone')}>
              <select
                value={choices.audioDeviceId ?? audioTrack?.mediaStreamTrack.getSettings().deviceId}
                onChange={(event) => onChange({ ...choices, audioDeviceId: event.target.value })}
              >
                {microphones.map((device, index) => (
                  <option key={device.deviceId} value={device.deviceId}>
                    {device.label || t('check.microphoneNumber', { number: index + 1 })}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <div className="switch-field">
            <input
              id={switchId}
              type="checkbox"
              role="switch"
              checked={choices.audioOnly}
              aria-describedby={`${switchId}-hint`}
              onChange={(event) => onChange({ ...choices, audioOnly: event.target.checked })}
            />
            <label htmlFor={switchId}>{t('audioOnly.label')}</label>
            <p id={`${switchId}-hint`} className="field-hint">
              {t('audioOnly.hint')}
            </p>
          </div>
        </div>
      </div>
      {children}
    </section>
  );
}

/** A bar that moves with the voice, and a sentence once sound has been heard. */
function MicrophoneLevel({ track }: { track: LocalAudioTrack | null }) {
  const { t } = useTranslation('video');
  const fill = useRef<HTMLDivElement>(null);
  const [heard, setHeard] = useState(false);
  useEffect(() => {
    if (!track) return;
    let frame = 0;
    let analyser: ReturnType<typeof createAudioAnalyser> | undefined;
    try {
      analyser = createAudioAnalyser(track, { cloneTrack: true });
    } catch {
      return;
    }
    const tick = () => {
      const volume = analyser?.calculateVolume() ?? 0;
      if (fill.current) fill.current.style.inlineSize = `${Math.min(100, volume * 250)}%`;
      if (volume > 0.02) setHeard(true);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      void analyser?.cleanup();
    };
  }, [track]);
  return (
    <div className="mic-level">
      <p className="mic-level-label" id="mic-level-label">
        <Icon name="mic" /> {t('check.micLevel')}
      </p>
      <div className="meter" aria-hidden="true">
        <div className="meter-fill" ref={fill} />
      </div>
      <p role="status" className="muted">
        {track ? (heard ? t('check.heard') : t('check.speak')) : ''}
      </p>
    </div>
  );
}

function ProblemNotice({
  device,
  problem,
  onRetry,
}: {
  device: 'camera' | 'microphone';
  problem: DeviceProblem;
  onRetry: () => void;
}) {
  const { t } = useTranslation('video');
  const common = useTranslation('common').t;
  return (
    <div className="notice notice-warning" role="alert">
      <p>
        <strong>{t(`problem.${device}.${problem}`)}</strong>
      </p>
      {problem === 'denied' ? <p>{t(`help.${browserFamily()}`)}</p> : null}
      {problem === 'notFound' && device === 'camera' ? <p>{t('problem.useAudioOnly')}</p> : null}
      {problem === 'inUse' ? <p>{t('problem.closeOtherApps')}</p> : null}
      <button type="button" className="btn" onClick={onRetry}>
        {common('actions.retry')}
      </button>
    </div>
  );
}
