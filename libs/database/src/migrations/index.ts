import { Initial1764000000000 } from './1764000000000-initial.js';
import { Rosters1795591487272 } from './1795591487272-rosters.js';
import { Bookings1795592222403 } from './1795592222403-bookings.js';
import { Video1795593800847 } from './1795593800847-video.js';
import { Notifications1795600000000 } from './1795600000000-notifications.js';
import { Privacy1795700000000 } from './1795700000000-privacy.js';
import { RosterVersion1795800000000 } from './1795800000000-roster-version.js';
import { RequiredContact1796000000000 } from './1796000000000-required-contact.js';
import { VideoPhoneFallback1796150000000 } from './1796150000000-video-phone-fallback.js';
import { CalendarFeed1796200000000 } from './1796200000000-calendar-feed.js';
import { ExtraHoursOverlap1796300000000 } from './1796300000000-extra-hours-overlap.js';
import { Offices1796400000000 } from './1796400000000-offices.js';
import { PlatformAdmin1796500000000 } from './1796500000000-platform-admin.js';
import { WalkIn1796600000000 } from './1796600000000-walk-in.js';
import { Messengers1796800000000 } from './1796800000000-messengers.js';
import { Waitlist1796700000000 } from './1796700000000-waitlist.js';
import { Conversations1796900000000 } from './1796900000000-conversations.js';
import { ConversationNotices1796950000000 } from './1796950000000-conversation-notices.js';
import { Interpreters1797000000000 } from './1797000000000-interpreters.js';
import { InterpreterRosterVersion1797050000000 } from './1797050000000-interpreter-roster-version.js';
import { VideoParticipants1797100000000 } from './1797100000000-video-participants.js';
import { OfficeSignLanguageVideo1797200000000 } from './1797200000000-office-sign-language-video.js';
import { WalkInInterpreters1797300000000 } from './1797300000000-walk-in-interpreters.js';
import { Survey1798100000000 } from './1798100000000-survey.js';
import { Statistics1798200000000 } from './1798200000000-statistics.js';
import { WaitlistInterpreter1798300000000 } from './1798300000000-waitlist-interpreter.js';
import { StatisticsShards1798400000000 } from './1798400000000-statistics-shards.js';

/** Every migration, oldest first. A new migration is added here by hand after review. */
export const MIGRATIONS = [
  Initial1764000000000,
  Rosters1795591487272,
  Bookings1795592222403,
  Video1795593800847,
  Notifications1795600000000,
  Privacy1795700000000,
  RosterVersion1795800000000,
  RequiredContact1796000000000,
  VideoPhoneFallback1796150000000,
  CalendarFeed1796200000000,
  ExtraHoursOverlap1796300000000,
  Offices1796400000000,
  PlatformAdmin1796500000000,
  WalkIn1796600000000,
  Waitlist1796700000000,
  Messengers1796800000000,
  Conversations1796900000000,
  ConversationNotices1796950000000,
  Interpreters1797000000000,
  InterpreterRosterVersion1797050000000,
  VideoParticipants1797100000000,
  OfficeSignLanguageVideo1797200000000,
  WalkInInterpreters1797300000000,
  Survey1798100000000,
  Statistics1798200000000,
  WaitlistInterpreter1798300000000,
  StatisticsShards1798400000000,
];
