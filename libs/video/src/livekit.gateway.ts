import { Injectable } from '@nestjs/common';
import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  WebhookReceiver,
  type VideoGrant,
  type WebhookEvent,
} from 'livekit-server-sdk';
import { AppConfig } from '@app/config';

/** Everyone in a call sees everyone's role (tiles, the list of who is present). */
export type ParticipantRole = 'counsellor' | 'client' | 'interpreter' | 'guest';

export interface ParticipantToken {
  room: string;
  /** Unique per participant: `counsellor`, `client`, `interpreter`, `guest-<id>`, `admin`. */
  identity: string;
  name: string;
  ttlSeconds: number;
  /** Room admin: may mute or remove others. Only the counsellor. */
  admin: boolean;
  /** Audio-only consultations: the client may publish the microphone only. */
  audioOnly: boolean;
  role: ParticipantRole;
  /** Camera and microphone only, never the screen (interpreters and guests). */
  noScreenShare?: boolean;
  /** For interpreters: the language they interpret (BCP 47), e.g. `gsg` pins their video. */
  language?: string | null;
  /** For guests: interpreter or support person. */
  guestRole?: string;
}

/** The only place that touches livekit-server-sdk: token minting and webhook verification. */
@Injectable()
export class LiveKitGateway {
  private readonly receiver: WebhookReceiver;

  constructor(private readonly config: AppConfig) {
    const { apiKey, apiSecret } = config.livekitCredentials;
    this.receiver = new WebhookReceiver(apiKey, apiSecret);
  }

  /** Unset when this server has no LiveKit: then there is no video at all. */
  get url(): string | undefined {
    return this.config.LIVEKIT_URL;
  }

  mintToken(spec: ParticipantToken): Promise<string> {
    const { apiKey, apiSecret } = this.config.livekitCredentials;
    const attributes: Record<string, string> = { role: spec.role };
    if (spec.language) attributes.language = spec.language;
    if (spec.guestRole) attributes.guestRole = spec.guestRole;
    const token = new AccessToken(apiKey, apiSecret, {
      identity: spec.identity,
      name: spec.name,
      ttl: spec.ttlSeconds,
      // The same facts twice: attributes for current clients, metadata for older ones.
      attributes,
      metadata: JSON.stringify({ ...attributes, name: spec.name }),
    });
    const grant: VideoGrant = {
      room: spec.room,
      roomJoin: true,
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      roomAdmin: spec.admin,
      canUpdateOwnMetadata: false,
    };
    if (spec.audioOnly) grant.canPublishSources = [TrackSource.MICROPHONE];
    else if (spec.noScreenShare)
      grant.canPublishSources = [TrackSource.CAMERA, TrackSource.MICROPHONE];
    token.addGrant(grant);
    return token.toJwt();
  }

  /**
   * Removes a participant from a room at once (a refused or revoked guest). LiveKit answers
   * "not found" when they are not in the room, which is no error here.
   */
  async removeParticipant(room: string, identity: string): Promise<void> {
    const url = this.url;
    if (!url) return;
    const { apiKey, apiSecret } = this.config.livekitCredentials;
    const client = new RoomServiceClient(url.replace(/^ws/, 'http'), apiKey, apiSecret);
    try {
      await client.removeParticipant(room, identity);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return;
      throw error;
    }
  }

  /** Checks the signature (a JWT carrying the body's SHA-256) against the raw body; throws if it does not match. */
  verifyWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent> {
    return this.receiver.receive(rawBody, authorization);
  }
}
