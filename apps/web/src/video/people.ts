import type { TFunction } from 'i18next';
import type { components } from '../api/openapi';

type Schemas = components['schemas'];
/** One person in a call (KBV: everyone present is introduced), as the API tells it. */
export type CallPerson = Schemas['CallPersonDto'];
/** A guest the counsellor invited, as the counsellor sees them. */
export type Guest = Schemas['GuestDto'];
export type GuestInvitation = Schemas['GuestInvitationDto'];
export type GuestCallInfo = Schemas['GuestCallInfoDto'];
export type ParticipantRole = CallPerson['role'];

/** What a tile needs to be labelled: from the LiveKit participant, completed by the API's list. */
export interface TileInfo {
  identity: string;
  name: string;
  role: ParticipantRole | null;
  guestRole: CallPerson['guestRole'];
  language: string | null;
  signLanguage: boolean;
}

const ROLES: readonly ParticipantRole[] = ['counsellor', 'client', 'interpreter', 'guest'];

/**
 * The role of a participant: the token's attribute (`role`), else the API's list by identity.
 * `admin` joins as counsellor.
 */
export function tileInfo(
  identity: string,
  name: string,
  attributes: Readonly<Record<string, string>>,
  people: readonly CallPerson[],
  isSign: (tag: string) => boolean,
): TileInfo {
  const known = people.find((person) => person.identity === identity);
  const attributeRole = ROLES.find((role) => role === attributes.role);
  const role = attributeRole ?? known?.role ?? null;
  const language = attributes.language ?? known?.language ?? null;
  const guestRole =
    attributes.guestRole === 'interpreter' || attributes.guestRole === 'support'
      ? attributes.guestRole
      : (known?.guestRole ?? null);
  const interprets = role === 'interpreter' || (role === 'guest' && guestRole === 'interpreter');
  return {
    identity,
    name: name || known?.name || '',
    role,
    guestRole,
    language,
    signLanguage: interprets && language !== null && isSign(language),
  };
}

/** The people as tiles before anyone is connected (no LiveKit participants yet). */
export function tilesOfPeople(
  people: readonly CallPerson[],
  isSign: (tag: string) => boolean,
): TileInfo[] {
  return people
    .filter((person) => !person.you && (person.role !== 'guest' || person.status === 'admitted'))
    .map((person) => tileInfo(person.identity, person.name, {}, people, isSign));
}

/**
 * The stage's layout: a sign-language interpreter's video large (pinned) for whom it is for, the
 * others beside it; otherwise a grid. Pure, so the rule is tested without a call.
 */
export function arrangeStage<T extends { info: TileInfo }>(
  tiles: readonly T[],
  pinSignLanguage: boolean,
): { layout: 'pinned' | 'grid'; pinned: T | null; others: T[] } {
  const pinned = pinSignLanguage ? (tiles.find((tile) => tile.info.signLanguage) ?? null) : null;
  return {
    layout: pinned ? 'pinned' : 'grid',
    pinned,
    others: tiles.filter((tile) => tile !== pinned),
  };
}

/** "Interpreter (Tigrinya)", "Support person (guest)", "Counsellor" … */
export function roleLabel(
  t: TFunction<'video'>,
  info: Pick<TileInfo, 'role' | 'guestRole' | 'language'>,
  languageName: (tag: string) => string,
): string {
  const language = info.language ? languageName(info.language) : null;
  switch (info.role) {
    case 'counsellor':
      return t('people.role.counsellor');
    case 'client':
      return t('people.role.client');
    case 'interpreter':
      return language
        ? t('people.role.interpreterFor', { language })
        : t('people.role.interpreter');
    case 'guest':
      if (info.guestRole === 'interpreter')
        return language
          ? t('people.role.guestInterpreterFor', { language })
          : t('people.role.guestInterpreter');
      return t('people.role.guestSupport');
    case null:
      return '';
  }
}
