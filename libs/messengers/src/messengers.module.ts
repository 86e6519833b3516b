import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { WalkInModule } from '@app/walk-in';
import { MessengerRepository } from './messenger.repository.js';
import { MessengerService } from './messenger.service.js';
import { MESSENGER_PLATFORMS, type MessengerPlatform } from './platforms/platform.js';
import { TelegramPlatform } from './platforms/telegram.platform.js';
import { ViberPlatform } from './platforms/viber.platform.js';
import { WhatsAppPlatform } from './platforms/whatsapp.platform.js';

@Module({
  imports: [AppointmentsModule, WalkInModule],
  providers: [
    TelegramPlatform,
    ViberPlatform,
    WhatsAppPlatform,
    {
      // Another messenger is one more adapter in this list.
      provide: MESSENGER_PLATFORMS,
      useFactory: (...platforms: MessengerPlatform[]): MessengerPlatform[] => platforms,
      inject: [TelegramPlatform, ViberPlatform, WhatsAppPlatform],
    },
    MessengerRepository,
    MessengerService,
  ],
  exports: [MessengerService, MESSENGER_PLATFORMS],
})
export class MessengersModule {}
