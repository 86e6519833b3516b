import { describe, expect, it } from 'vitest';
import { isolateLtr, visualRuns, wrapText } from './share-text-layout.js';

const order = (line: string, direction: 'ltr' | 'rtl') =>
  visualRuns(line, direction).map((run) => `${run.script}:${run.text.trim()}`);

describe('text layout for posters', () => {
  it('orders an Arabic line with a Latin name from right to left', () => {
    // Logical: Arabic words, then the Latin name; visually the name stands on the left.
    expect(order('مركز الترحيب Berlin-Mitte', 'rtl')).toEqual([
      'latin:Berlin-Mitte',
      'arabic:مركز الترحيب',
    ]);
  });

  it('keeps a time range left to right inside a Farsi line when isolated', () => {
    const runs = order(`دوشنبه ${isolateLtr('10:00–12:00')}`, 'rtl');
    expect(runs[0]).toBe('latin:10:00–12:00');
    expect(runs.at(-1)).toBe('arabic:دوشنبه');
    // The isolate marks themselves are never drawn.
    expect(runs.join('')).not.toMatch(/[\u2066-\u2069]/);
  });

  it('leaves a Cyrillic line as it is', () => {
    expect(order('Центр привітання', 'ltr')).toEqual(['latin:Центр привітання']);
  });

  it('wraps at spaces within the width and marks cut text', () => {
    const lines = wrapText('one two three four five six seven eight nine ten', {
      size: 20,
      weight: 'regular',
      width: 120,
      direction: 'ltr',
      maxLines: 2,
    });
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
  });
});
