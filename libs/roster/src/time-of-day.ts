/** "HH:MM" (00:00–24:00) ↔ minutes after midnight. */
export const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

export function parseTimeOfDay(text: string): number {
  if (text === '24:00') return 1440;
  const match = TIME_OF_DAY.exec(text);
  if (!match) throw new Error(`Not a time of day: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
