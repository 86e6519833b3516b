import { describe, expect, it } from 'vitest';
import { commentLength, surveyFragment } from './logic';

const TOKEN = 'a'.repeat(42) + 'Z';

describe('the survey link', () => {
  it('reads the token and a first answer from the fragment', () => {
    expect(surveyFragment(`#token=${TOKEN}&helpful=5`)).toEqual({ token: TOKEN, helpful: 5 });
    expect(surveyFragment(`#token=${TOKEN}`)).toEqual({ token: TOKEN, helpful: null });
  });

  it('ignores answers outside 1–5 and malformed tokens', () => {
    for (const helpful of ['0', '6', '2.5', 'x', ''])
      expect(surveyFragment(`#token=${TOKEN}&helpful=${helpful}`).helpful).toBeNull();
    expect(surveyFragment('#token=short&helpful=3')).toEqual({ token: null, helpful: 3 });
    expect(surveyFragment('')).toEqual({ token: null, helpful: null });
  });

  it('counts characters as the API does (an emoji is one)', () => {
    expect(commentLength('ok 👍')).toBe(4);
  });
});
