import {
  RoomAudioRenderer,
  RoomContext,
  VideoTrack,
  isTrackReference,
  useConnectionState,
  useIsEncrypted,
  useIsMuted,
  useIsSpeaking,
  useLocalParticipant,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import {
  ConnectionState,
  DisconnectReason,
  ExternalE2EEKeyProvider,
  Room,
  RoomEvent,
  Track,
  isE2EESupported,
} from 'livekit-client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';
import { deviceProblem, type MediaChoices } from './media';

export interface Connection {
  url: string;
  token: string;
  /** Base64 key: the call is end-to-end encrypted when present. */
  e2eeKey?: string | null;
}

type CallState = 'connecting' | 'connected' | 'failed' | 'unsupported' | 'lost' | 'left';

interface CallRoomProps {
  connection: Connection;
  choices: MediaChoices;
  onChoicesChange: (choices: MediaChoices) => void;
  /** Who the other side is, for "waiting for … to join" ("your counsellor", "Mariam"). */
  otherName: string;
  /** Shown after leaving: e.g. a link back. */
  afterLeave?: ReactNode;
  /** Shown when the call fails or is lost: e.g. the client's "please call me". */
  phoneFallback?: ReactNode;
  /** Shown above the stage during the call (the counsellor's admit button). */
  children?: ReactNode;
}

/**
 * One LiveKit room: connect (with end-to-end encryption when the appointment has a key), then the
 * stage and the big controls. Failures end in a sentence and "try again", never a stack.
 */
export function CallRoom({
  connection,
  choices,
  onChoicesChange,
  otherName,
  afterLeave,
  phoneFallback,
  children,
}: CallRoomProps) {
  const { t } = useTranslation('video');
  const common = useTranslation('common').t;
  const [room, setRoom] = useState<Room | null>(null);
  const [state, setState] = useState<CallState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const choicesRef = useRef(choices);
  const leaving = useRef(false);
  const status = useRef<HTMLDivElement>(null);
  const encrypted = Boolean(connection.e2eeKey);
  const unsupported = encrypted && !isE2EESupported();

  // The call starts with the latest choices (read once when connecting).
  useEffect(() => {
    choicesRef.current = choices;
  }, [choices]);

  useEffect(() => {
    if (unsupported) return;
    let cancelled = false;
    let joined = false;
    leaving.current = false;
    const start = choicesRef.current;
    const keyProvider = encrypted ? new ExternalE2EEKeyProvider() : undefined;
    const worker = encrypted
      ? new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), { type: 'module' })
      : undefined;
    const next = new Room({
      adaptiveStream: true,
      dynacast: true,
      audioCaptureDefaults: { deviceId: start.audioDeviceId },
      videoCaptureDefaults: {
        deviceId: start.videoDeviceId,
        resolution: { width: 960, height: 540, frameRate: 24 },
      },
      encryption: keyProvider && worker ? { keyProvider, worker } : undefined,
    });
    next.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
      if (cancelled || !joined) return;
      if (leaving.current || reason === DisconnectReason.CLIENT_INITIATED) setState('left');
      else setState('lost');
      setRoom(null);
    });
    const run = async () => {
      if (keyProvider && connection.e2eeKey) {
        await keyProvider.setKey(connection.e2eeKey);
        await next.setE2EEEnabled(true);
      }
      await next.connect(connection.url, connection.token, { maxRetries: 1 });
      if (cancelled) return;
      joined = true;
      setRoom(next);
      setState('connected');
      // Publishing may fail (no permission): the call goes on, the controls show it.
      await next.localParticipant.setMicrophoneEnabled(true).catch(() => undefined);
      if (!start.audioOnly) {
        await next.localParticipant.setCameraEnabled(true).catch(() => undefined);
      }
    };
    run().catch(() => {
      if (!cancelled) setState('failed');
    });
    return () => {
      cancelled = true;
      void next.disconnect().finally(() => worker?.terminate());
    };
  }, [connection, attempt, encrypted, unsupported]);

  // Whatever replaces the stage (an error, "you left") gets the focus, so it is read out.
  const shown: CallState = unsupported ? 'unsupported' : state;
  useEffect(() => {
    if (shown !== 'connecting' && shown !== 'connected') status.current?.focus();
  }, [shown]);

  const retry = () => {
    setState('connecting');
    setAttempt((n) => n + 1);
  };

  if (shown === 'connected' && room) {
    return (
      <RoomContext.Provider value={room}>
        <div className="call">
          {children}
          <CallStatusBar encrypted={Boolean(connection.e2eeKey)} />
          <Stage audioOnly={choices.audioOnly} otherName={otherName} />
          <Controls
            room={room}
            choices={choices}
            onChoicesChange={onChoicesChange}
            onLeave={() => {
              leaving.current = true;
              void room.disconnect();
            }}
          />
          <RoomAudioRenderer />
        </div>
      </RoomContext.Provider>
    );
  }
  if (shown === 'connecting') {
    return (
      <div className="card call-message">
        {children}
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" />
          {t('call.connecting')}
        </p>
      </div>
    );
  }
  const messages: Record<Exclude<CallState, 'connecting' | 'connected'>, string> = {
    failed: t('call.failed'),
    lost: t('call.lost'),
    unsupported: t('call.unsupported'),
    left: t('call.left'),
  };
  return (
    <div className="card call-message" ref={status} tabIndex={-1}>
      {children}
      <p
        className={shown === 'left' ? 'notice' : 'notice notice-error'}
        role={shown === 'left' ? 'status' : 'alert'}
      >
        {messages[shown === 'connected' ? 'lost' : shown]}
      </p>
      {shown === 'failed' || shown === 'lost' ? (
        <>
          <p>{t('call.phoneFallback')}</p>
          {phoneFallback}
        </>
      ) : null}
      <div className="row">
        {shown === 'unsupported' ? null : (
          <button type="button" className="btn btn-primary btn-large" onClick={retry}>
            {shown === 'left' ? t('call.rejoin') : common('actions.retry')}
          </button>
        )}
        {afterLeave}
      </div>
    </div>
  );
}

function CallStatusBar({ encrypted }: { encrypted: boolean }) {
  const { t } = useTranslation('video');
  const connection = useConnectionState();
  const { localParticipant } = useLocalParticipant();
  // The participant is passed: there is no participant context around the status bar.
  const isEncrypted = useIsEncrypted(localParticipant);
  return (
    <div className="call-status">
      {encrypted ? (
        <span className="e2ee-badge">
          <Icon name="lock" />
          {isEncrypted ? t('call.encrypted') : t('call.encrypting')}
        </span>
      ) : null}
      <span role="status" className="call-connection">
        {connection === ConnectionState.Reconnecting ||
        connection === ConnectionState.SignalReconnecting
          ? t('call.reconnecting')
          : ''}
      </span>
    </div>
  );
}

/** The other person large, oneself small in the corner. */
function Stage({ audioOnly, otherName }: { audioOnly: boolean; otherName: string }) {
  const { t } = useTranslation('video');
  const tracks = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], {
    onlySubscribed: false,
  });
  const remote = tracks.filter((track) => !track.participant.isLocal);
  const local = tracks.find((track) => track.participant.isLocal);
  return (
    <div className={`stage${remote.length > 1 ? ' stage-many' : ''}`}>
      {remote.length === 0 ? (
        <div className="tile tile-empty" role="status">
          <p>{t('call.waitingFor', { name: otherName })}</p>
        </div>
      ) : (
        remote.map((track) => (
          <Tile
            key={track.participant.identity}
            trackRef={track}
            audioOnly={audioOnly}
            label={track.participant.name || otherName}
          />
        ))
      )}
      {local ? <Tile trackRef={local} audioOnly={audioOnly} label={t('call.you')} small /> : null}
    </div>
  );
}

function Tile({
  trackRef,
  audioOnly,
  label,
  small = false,
}: {
  trackRef: TrackReferenceOrPlaceholder;
  audioOnly: boolean;
  label: string;
  small?: boolean;
}) {
  const { t } = useTranslation('video');
  const cameraMuted = useIsMuted(trackRef);
  const micMuted = useIsMuted({
    participant: trackRef.participant,
    source: Track.Source.Microphone,
  });
  const speaking = useIsSpeaking(trackRef.participant);
  const showVideo =
    !audioOnly && isTrackReference(trackRef) && !cameraMuted && Boolean(trackRef.publication.track);
  return (
    <figure className={`tile${small ? ' tile-small' : ''}${speaking ? ' tile-speaking' : ''}`}>
      {showVideo && isTrackReference(trackRef) ? (
        <VideoTrack trackRef={trackRef} className="tile-video" />
      ) : (
        <div className="tile-avatar" aria-hidden="true">
          {label.slice(0, 1).toUpperCase()}
        </div>
      )}
      <figcaption className="tile-name">
        {label}
        {micMuted ? (
          <span className="tile-muted">
            <Icon name="micOff" />
            <span className="visually-hidden">{t('call.micMuted')}</span>
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

function Controls({
  room,
  choices,
  onChoicesChange,
  onLeave,
}: {
  room: Room;
  choices: MediaChoices;
  onChoicesChange: (choices: MediaChoices) => void;
  onLeave: () => void;
}) {
  const { t } = useTranslation('video');
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Audio only: no own camera, and the others' video is not downloaded.
  useEffect(() => {
    const apply = () => {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.videoTrackPublications.values()) {
          publication.setSubscribed(!choices.audioOnly);
        }
      }
    };
    apply();
    room.on(RoomEvent.TrackPublished, apply);
    return () => {
      room.off(RoomEvent.TrackPublished, apply);
    };
  }, [room, choices.audioOnly]);

  const toggle = async (device: 'microphone' | 'camera', enable: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (device === 'microphone') await localParticipant.setMicrophoneEnabled(enable);
      else await localParticipant.setCameraEnabled(enable);
    } catch (error) {
      setProblem(t(`problem.${device}.${deviceProblem(error)}`));
    } finally {
      setBusy(false);
    }
  };

  const setAudioOnly = async (audioOnly: boolean) => {
    onChoicesChange({ ...choices, audioOnly });
    await toggle('camera', !audioOnly);
  };

  return (
    <div className="controls-wrap">
      {problem ? (
        <p className="notice notice-warning" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="controls" role="group" aria-label={t('controls.label')}>
        <button
          type="button"
          className={`control${isMicrophoneEnabled ? '' : ' control-off'}`}
          aria-pressed={isMicrophoneEnabled}
          disabled={busy}
          onClick={() => void toggle('microphone', !isMicrophoneEnabled)}
        >
          <Icon name={isMicrophoneEnabled ? 'mic' : 'micOff'} />
          <span>{t('controls.microphone')}</span>
          <span className="control-state" aria-hidden="true">
            {isMicrophoneEnabled ? t('controls.on') : t('controls.off')}
          </span>
        </button>
        <button
          type="button"
          className={`control${isCameraEnabled ? '' : ' control-off'}`}
          aria-pressed={isCameraEnabled}
          disabled={busy || choices.audioOnly}
          onClick={() => void toggle('camera', !isCameraEnabled)}
        >
          <Icon name={isCameraEnabled ? 'camera' : 'cameraOff'} />
          <span>{t('controls.camera')}</span>
          <span className="control-state" aria-hidden="true">
            {isCameraEnabled ? t('controls.on') : t('controls.off')}
          </span>
        </button>
        <button
          type="button"
          className={`control${choices.audioOnly ? ' control-active' : ''}`}
          aria-pressed={choices.audioOnly}
          disabled={busy}
          onClick={() => void setAudioOnly(!choices.audioOnly)}
        >
          <Icon name="headset" />
          <span>{t('controls.audioOnly')}</span>
          <span className="control-state" aria-hidden="true">
            {choices.audioOnly ? t('controls.on') : t('controls.off')}
          </span>
        </button>
        <button type="button" className="control control-leave" onClick={onLeave}>
          <Icon name="leave" />
          <span>{t('controls.leave')}</span>
        </button>
      </div>
    </div>
  );
}
