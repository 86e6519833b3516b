import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { VideoKeysModule } from './e2ee-keys.service.js';
import { LiveKitGateway } from './livekit.gateway.js';
import { VideoGuestRepository } from './video-guest.repository.js';
import { VideoGuestService } from './video-guest.service.js';
import { VideoService } from './video.service.js';

@Module({
  imports: [AppointmentsModule, VideoKeysModule],
  providers: [LiveKitGateway, VideoService, VideoGuestRepository, VideoGuestService],
  exports: [VideoService, VideoGuestService, LiveKitGateway],
})
export class VideoModule {}
