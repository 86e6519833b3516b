import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { EasyLanguageLinks } from '../easy/EasyLanguageLinks';
import { LanguageSwitcher } from '../ui/LanguageSwitcher';
import { Loading } from '../ui/Loading';
import { TranslationNotice } from '../ui/TranslationNotice';

export function Layout() {
  const { t } = useTranslation('common');
  const { staff, logout } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a page change, focus moves to the new content, as it would on a server-rendered page.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [pathname]);
  return (
    <>
      {/* Moves focus without touching the URL fragment: it holds the manage link's token. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {t('appName')}
          </Link>
          {staff ? (
            <nav aria-label={t('nav.staff')} className="staff-nav">
              {staff.role === 'platform_admin' ? (
                <NavLink to="/platform">{t('nav.platform')}</NavLink>
              ) : staff.role === 'admin' ? (
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              ) : (
                <NavLink to={staff.role === 'interpreter' ? '/interpreter' : '/staff'}>
                  {t('nav.console')}
                </NavLink>
              )}
              <NavLink to="/account/password">{t('nav.password')}</NavLink>
              <button
                type="button"
                className="link-button"
                onClick={() => void logout().then(() => navigate('/staff/login'))}
              >
                {t('nav.logout')}
              </button>
            </nav>
          ) : null}
          <LanguageSwitcher />
        </div>
      </header>
      <TranslationNotice />
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
        <EasyLanguageLinks />
      </footer>
    </>
  );
}
