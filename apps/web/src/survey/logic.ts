/** The survey link's fragment: its token and, when the client tapped an answer in the message, that. */
export function surveyFragment(hash: string): { token: string | null; helpful: number | null } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  const helpful = Number(params.get('helpful'));
  return {
    token: token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null,
    helpful: Number.isInteger(helpful) && helpful >= 1 && helpful <= 5 ? helpful : null,
  };
}

/** The longest comment (the API's limit), counted in characters as the API counts them. */
export const COMMENT_MAX = 500;

export const commentLength = (text: string): number => [...text].length;
