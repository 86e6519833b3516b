import { describe, expect, it } from 'vitest';
import { CLIENT_LANGUAGES } from '@app/common';
import { renderSurveyNotice, surveyLink } from './survey-notice.js';

const publicUrl = (path: string) => `https://x.test${path}`;
const TOKEN = 'T'.repeat(43);

describe('the survey message', () => {
  it('renders in every client language: five one-tap answers, one plain link, no placeholder left', () => {
    for (const { code, dir } of CLIENT_LANGUAGES) {
      const message = renderSurveyNotice({
        language: code,
        officeName: { de: 'Willkommenszentrum' },
        link: surveyLink(publicUrl, code, TOKEN),
        answerLink: (helpful) => surveyLink(publicUrl, code, TOKEN, helpful),
        privacyNotice: 'https://x.test/o/w/privacy',
      });
      expect(message.direction, code).toBe(dir);
      expect(message.html).toContain(`dir="${dir}"`);
      for (const helpful of [1, 2, 3, 4, 5]) {
        const href = `https://x.test/survey?lang=${code}#token=${TOKEN}&amp;helpful=${helpful}`;
        expect(message.html, `${code} ${helpful}`).toContain(href);
        expect(message.text).toContain(href.replace('&amp;', '&'));
      }
      expect(message.short).toContain(`https://x.test/survey?lang=${code}#token=${TOKEN}`);
      expect(message.short).not.toContain('helpful=');
      expect(message.subject).toContain('Willkommenszentrum');
      for (const part of [message.subject, message.text, message.html, message.short])
        expect(part, code).not.toMatch(/\{[a-z]\w*\}/);
      expect(message.attachments).toEqual([]);
    }
  });
});
