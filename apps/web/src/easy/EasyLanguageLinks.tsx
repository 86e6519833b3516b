import { Link, useMatch } from 'react-router';
import { EasyLanguageIcon, SignLanguageIcon } from './icons';

/**
 * On an office's pages, the footer's way to its information in Leichte Sprache and in German Sign
 * Language (BITV 2.0). The labels are German in every page language: they are the terms people
 * who need these pages look for (and their symbols), and lang="de" lets screen readers say them.
 */
export function EasyLanguageLinks() {
  const officePage = useMatch('/o/:slug/*');
  const sharedLink = useMatch('/s/:slug/*');
  const slug = (officePage ?? sharedLink)?.params.slug;
  if (!slug) return null;
  const to = `/o/${encodeURIComponent(slug)}/leichte-sprache`;
  return (
    <nav
      className="easy-language-links row"
      aria-label="Leichte Sprache, Gebärdensprache"
      lang="de"
    >
      <Link to={to} data-testid="easy-language-link">
        <EasyLanguageIcon /> Leichte Sprache
      </Link>
      <Link to={`${to}#gebaerdensprache`}>
        <SignLanguageIcon /> Gebärdensprache
      </Link>
    </nav>
  );
}
