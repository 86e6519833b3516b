import { describe, expect, it } from 'vitest';
import { arrangeStage, tileInfo, tilesOfPeople, type CallPerson } from './people';

const sign = (tag: string) => tag === 'gsg';
const person = (p: Partial<CallPerson> & Pick<CallPerson, 'identity' | 'role' | 'name'>) => ({
  language: null,
  signLanguage: false,
  guestRole: null,
  guestId: null,
  status: null,
  you: false,
  ...p,
});

const people = [
  person({ identity: 'counsellor', role: 'counsellor', name: 'Olena' }),
  person({ identity: 'interpreter', role: 'interpreter', name: 'Jana', language: 'gsg' }),
  person({ identity: 'client', role: 'client', name: 'Mariam', you: true }),
  person({
    identity: 'guest-1',
    role: 'guest',
    name: 'Samira',
    guestRole: 'support',
    guestId: '1',
    status: 'invited',
  }),
];

describe('call stage', () => {
  it("takes a tile's role from the token's attributes, else from the list of people", () => {
    expect(
      tileInfo('interpreter', 'Jana', { role: 'interpreter', language: 'gsg' }, [], sign),
    ).toMatchObject({ role: 'interpreter', signLanguage: true });
    expect(tileInfo('counsellor', '', {}, people, sign)).toMatchObject({
      role: 'counsellor',
      name: 'Olena',
      signLanguage: false,
    });
    // A support person is never pinned, whatever their language.
    expect(
      tileInfo('guest-2', 'Ali', { role: 'guest', guestRole: 'support', language: 'gsg' }, [], sign)
        .signLanguage,
    ).toBe(false);
    expect(
      tileInfo(
        'guest-3',
        'Eva',
        { role: 'guest', guestRole: 'interpreter', language: 'gsg' },
        [],
        sign,
      ).signLanguage,
    ).toBe(true);
  });

  it('pins a sign-language interpreter for the client, otherwise a grid', () => {
    const tiles = tilesOfPeople(people, sign).map((info) => ({ info }));
    // Oneself and guests not yet admitted are no tiles.
    expect(tiles.map((tile) => tile.info.identity)).toEqual(['counsellor', 'interpreter']);
    const pinned = arrangeStage(tiles, true);
    expect(pinned.layout).toBe('pinned');
    expect(pinned.pinned?.info.identity).toBe('interpreter');
    expect(pinned.others.map((tile) => tile.info.identity)).toEqual(['counsellor']);
    expect(arrangeStage(tiles, false)).toMatchObject({ layout: 'grid', pinned: null });
    const spoken = tilesOfPeople(
      people.map((p) => (p.role === 'interpreter' ? { ...p, language: 'ti' } : p)),
      sign,
    ).map((info) => ({ info }));
    expect(arrangeStage(spoken, true).layout).toBe('grid');
  });
});
