import { Injectable } from '@nestjs/common';
import {
  AccessToken,
  TrackSource,
  WebhookReceiver,
  type VideoGrant,
  type WebhookEvent,
} from 'livekit-server-sdk';
import { AppConfig } from '@app/config';

export interface ParticipantToken {
  room: string;
  identity: string;
  name: string;
  ttlSeconds: number;
  /** Room admin: may mute or remove others. Only the counsellor. */
  admin: boolean;
  /** Audio-only consultations: the client may publish the microphone only. */
  audioOnly: boolean;
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
    const token = new AccessToken(apiKey, apiSecret, {
      identity: spec.identity,
      name: spec.name,
      ttl: spec.ttlSeconds,
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
    token.addGrant(grant);
    return token.toJwt();
  }

  /** Checks the signature (a JWT carrying the body's SHA-256) against the raw body; throws if it does not match. */
  verifyWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent> {
    return this.receiver.receive(rawBody, authorization);
  }
}
