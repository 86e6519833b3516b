import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { LiveKitGateway } from './livekit.gateway.js';
import { VideoRepository } from './video.repository.js';
import { VideoService } from './video.service.js';

@Module({
  imports: [AppointmentsModule],
  providers: [LiveKitGateway, VideoRepository, VideoService],
  exports: [VideoService],
})
export class VideoModule {}
