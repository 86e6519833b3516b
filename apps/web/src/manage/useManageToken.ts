import { useLocation } from 'react-router';
import { tokenFromHash } from '../booking/logic';

/** The manage link's token and flags, from the URL fragment (never sent to a server). */
export function useManageToken(): { token: string | null; booked: boolean } {
  const { hash } = useLocation();
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { token: tokenFromHash(hash), booked: params.get('booked') === '1' };
}
