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
import { isSignLanguage, useSpokenLanguageName } from '../interpreter/languageNames';
import { Icon } from './icons';
import { deviceProblem, type MediaChoices } from './media';
import {
  arrangeStage,
  roleLabel,
  tileInfo,
  tilesOfPeople,
  type CallPerson,
  type TileInfo,
} from './people';

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
  /** Who is (to be) in the call, from the API: labels tiles and shows who has not joined yet. */
  people?: readonly CallPerson[];
  /** The client's view: a sign-language interpreter's video is shown large. */
  pinSignLanguage?: boolean;
}

const NO_PEOPLE: readonly CallPerson[] = [];

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
  people = NO_PEOPLE,
  pinSignLanguage = false,
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
          <Stage
            audioOnly={choices.audioOnly}
            otherName={otherName}
            people={people}
            pinSignLanguage={pinSignLanguage}
          />
          <Controls
            room={room}
            choices={choices}
            onChoicesChange={onChoicesChange}
            keepVideoOf={(identity, attributes) =>
              pinSignLanguage &&
              tileInfo(identity, '', attributes, people, isSignLanguage).signLanguage
            }
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
        {people.length > 0 ? (
          <ExpectedStage people={people} pinSignLanguage={pinSignLanguage} />
        ) : null}
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

/**
 * The others, each tile labelled with name and role; oneself small in the corner. For the client,
 * a sign-language interpreter's video is pinned large; otherwise a grid. People expected but not
 * connected yet are shown as such.
 */
function Stage({
  audioOnly,
  otherName,
  people,
  pinSignLanguage,
}: {
  audioOnly: boolean;
  otherName: string;
  people: readonly CallPerson[];
  pinSignLanguage: boolean;
}) {
  const { t } = useTranslation('video');
  const tracks = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], {
    onlySubscribed: false,
  });
  const local = tracks.find((track) => track.participant.isLocal);
  const live = tracks
    .filter((track) => !track.participant.isLocal)
    .map((track) => ({
      track,
      info: tileInfo(
        track.participant.identity,
        track.participant.name ?? '',
        track.participant.attributes,
        people,
        isSignLanguage,
      ),
    }));
  const here = new Set(live.map((tile) => tile.info.identity));
  const absent = tilesOfPeople(people, isSignLanguage)
    .filter((info) => !here.has(info.identity))
    .map((info) => ({ track: null, info }));
  const { layout, pinned, others } = arrangeStage([...live, ...absent], pinSignLanguage);
  const all = pinned ? [pinned, ...others] : others;
  return (
    <div
      className={`stage stage-${layout}${all.length > 1 ? ' stage-many' : ''}`}
      data-layout={layout}
    >
      {all.length === 0 ? (
        <div className="tile tile-empty" role="status">
          <p>{t('call.waitingFor', { name: otherName })}</p>
        </div>
      ) : (
        all.map((tile) =>
          tile.track ? (
            <Tile
              key={tile.info.identity}
              trackRef={tile.track}
              audioOnly={audioOnly}
              info={tile.info}
              fallbackName={otherName}
              pinned={tile === pinned}
            />
          ) : (
            <AbsentTile key={tile.info.identity} info={tile.info} pinned={tile === pinned} />
          ),
        )
      )}
      {local ? (
        <Tile
          trackRef={local}
          audioOnly={audioOnly}
          info={null}
          fallbackName={t('call.you')}
          small
        />
      ) : null}
    </div>
  );
}

/** While connecting: who is expected, in the layout the call will have. */
function ExpectedStage({
  people,
  pinSignLanguage,
}: {
  people: readonly CallPerson[];
  pinSignLanguage: boolean;
}) {
  const tiles = tilesOfPeople(people, isSignLanguage).map((info) => ({ info }));
  const { layout, pinned, others } = arrangeStage(tiles, pinSignLanguage);
  const all = pinned ? [pinned, ...others] : others;
  if (all.length === 0) return null;
  return (
    <div
      className={`stage stage-${layout}${all.length > 1 ? ' stage-many' : ''}`}
      data-layout={layout}
    >
      {all.map((tile) => (
        <AbsentTile key={tile.info.identity} info={tile.info} pinned={tile === pinned} />
      ))}
    </div>
  );
}

function TileCaption({
  info,
  name,
  children,
}: {
  info: TileInfo | null;
  name: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation('video');
  const languageName = useSpokenLanguageName();
  const role = info ? roleLabel(t, info, languageName) : '';
  return (
    <figcaption className="tile-name">
      <span>{name}</span>
      {role ? <span className="tile-role">{role}</span> : null}
      {children}
    </figcaption>
  );
}

/** Someone expected in the call who is not connected (yet). */
function AbsentTile({ info, pinned }: { info: TileInfo; pinned: boolean }) {
  const { t } = useTranslation('video');
  return (
    <figure
      className={`tile tile-absent${pinned ? ' tile-pinned' : ''}`}
      data-identity={info.identity}
      data-role={info.role ?? undefined}
    >
      <div className="tile-avatar" aria-hidden="true">
        {info.name.slice(0, 1).toUpperCase()}
      </div>
      <TileCaption info={info} name={info.name}>
        <span className="tile-state">{t('people.notJoined')}</span>
      </TileCaption>
    </figure>
  );
}

function Tile({
  trackRef,
  audioOnly,
  info,
  fallbackName,
  small = false,
  pinned = false,
}: {
  trackRef: TrackReferenceOrPlaceholder;
  audioOnly: boolean;
  info: TileInfo | null;
  fallbackName: string;
  small?: boolean;
  pinned?: boolean;
}) {
  const { t } = useTranslation('video');
  const cameraMuted = useIsMuted(trackRef);
  const micMuted = useIsMuted({
    participant: trackRef.participant,
    source: Track.Source.Microphone,
  });
  const speaking = useIsSpeaking(trackRef.participant);
  const label = small ? fallbackName : info?.name || fallbackName;
  // A pinned sign-language interpreter stays visible even in "sound only".
  const showVideo =
    (!audioOnly || pinned) &&
    isTrackReference(trackRef) &&
    !cameraMuted &&
    Boolean(trackRef.publication.track);
  return (
    <figure
      className={`tile${small ? ' tile-small' : ''}${pinned ? ' tile-pinned' : ''}${speaking ? ' tile-speaking' : ''}`}
      data-identity={small ? undefined : trackRef.participant.identity}
      data-role={info?.role ?? undefined}
    >
      {showVideo && isTrackReference(trackRef) ? (
        <VideoTrack trackRef={trackRef} className="tile-video" />
      ) : (
        <div className="tile-avatar" aria-hidden="true">
          {label.slice(0, 1).toUpperCase()}
        </div>
      )}
      <TileCaption info={small ? null : info} name={label}>
        {micMuted ? (
          <span className="tile-muted">
            <Icon name="micOff" />
            <span className="visually-hidden">{t('call.micMuted')}</span>
          </span>
        ) : null}
      </TileCaption>
    </figure>
  );
}

function Controls({
  room,
  choices,
  onChoicesChange,
  keepVideoOf,
  onLeave,
}: {
  room: Room;
  choices: MediaChoices;
  onChoicesChange: (choices: MediaChoices) => void;
  /** Whose video stays on even with "sound only" (a pinned sign-language interpreter). */
  keepVideoOf: (identity: string, attributes: Readonly<Record<string, string>>) => boolean;
  onLeave: () => void;
}) {
  const { t } = useTranslation('video');
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Audio only: no own camera, and the others' video is not downloaded (but sign language is).
  const keepRef = useRef(keepVideoOf);
  useEffect(() => {
    keepRef.current = keepVideoOf;
  }, [keepVideoOf]);
  useEffect(() => {
    const apply = () => {
      for (const participant of room.remoteParticipants.values()) {
        const keep = keepRef.current(participant.identity, participant.attributes);
        for (const publication of participant.videoTrackPublications.values()) {
          publication.setSubscribed(keep || !choices.audioOnly);
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
