import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@app/appointments';
import { DocumentsModule } from '@app/documents';
import { ConversationNotices, NotificationsModule } from '@app/notifications';
import { RosterModule } from '@app/roster';
import { ConversationKeysModule } from './conversation-keys.js';
import { CONVERSATION_NOTICES } from './conversation-notices.port.js';
import { ConversationService } from './conversation.service.js';

@Module({
  imports: [
    AppointmentsModule,
    DocumentsModule,
    RosterModule,
    NotificationsModule,
    ConversationKeysModule,
  ],
  providers: [
    ConversationService,
    { provide: CONVERSATION_NOTICES, useExisting: ConversationNotices },
  ],
  exports: [ConversationService, ConversationKeysModule],
})
export class ConversationsModule {}
