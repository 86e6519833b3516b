/**
 * Where the web app shows an office (its routes /o/:slug and /o/:slug/privacy): the paths that
 * messages, calendar files, the manage page and data exports link to.
 */
export function officePath(slug: string): string {
  return `/o/${encodeURIComponent(slug)}`;
}

/** The office's privacy notice: each office is its own data controller. */
export function officePrivacyPath(slug: string): string {
  return `${officePath(slug)}/privacy`;
}
