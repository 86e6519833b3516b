import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { VideoKeysModule } from './e2ee-keys.service.js';
import { LiveKitGateway } from './livekit.gateway.js';
import { VideoService } from './video.service.js';

@Module({
  imports: [AppointmentsModule, VideoKeysModule],
  providers: [LiveKitGateway, VideoService],
  exports: [VideoService, LiveKitGateway],
})
export class VideoModule {}
