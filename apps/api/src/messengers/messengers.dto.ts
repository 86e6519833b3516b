import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { MESSENGER_NAMES, type MessengerName } from '@app/messengers';

export class MessengerAvailabilityDto {
  @ApiProperty({ enum: MESSENGER_NAMES, isArray: true, description: 'Configured on this server' })
  channels: MessengerName[];
}

export class MessengerLinkRequestDto {
  @ApiProperty({ enum: MESSENGER_NAMES })
  @IsIn(MESSENGER_NAMES)
  channel: MessengerName;
}

export class MessengerLinkDto {
  @ApiProperty({
    description: 'Opens the chat with our bot (t.me, viber://, wa.me) carrying a one-time code',
    example: 'https://t.me/sprechstunde_bot?start=SPABCDEFGHIJKLMNOP',
  })
  url: string;

  @ApiProperty({ format: 'date-time', description: 'The code works until then, once' })
  expiresAt: string;
}

export class MessengerBindingsDto {
  @ApiProperty({ enum: MESSENGER_NAMES, isArray: true, description: 'Configured on this server' })
  available: MessengerName[];

  @ApiProperty({
    enum: MESSENGER_NAMES,
    isArray: true,
    description: 'The messengers whose chat gets the messages now',
  })
  bound: MessengerName[];
}

/** What the SMS gateway posts for a message it received (the shape documented in the README). */
export class SmsReplyDto {
  @ApiProperty({
    description: 'The gateway’s id of the message: a repeat with the same id is ignored',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'id must be 1-100 letters, digits or ._:-' })
  id: string;

  @ApiProperty({ example: '+4915112345678' })
  @IsString()
  @Matches(/^\+?[0-9 ()./-]{6,24}$/, { message: 'from must be a phone number' })
  from: string;

  @ApiProperty({ description: 'Only "1", "2" or "3" is acted on; the text is not stored' })
  @IsString()
  @MaxLength(1600)
  text: string;
}
