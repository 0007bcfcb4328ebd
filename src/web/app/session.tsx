import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, api, SESSION_EXPIRED, setCsrfToken } from '../api/client';
import type { Health, Me } from '../api/types';

/** The signed-in person, or null. /api/me also hands back the CSRF token after a page reload. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/me', undefined, { quiet401: true });
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export const isApplicant = (me: Me | null | undefined) => me?.kind === 'applicant';

/** Where a person lands after login when they were not on their way somewhere. */
export const homeOf = (me: Me) => (me.kind === 'applicant' ? '/portal' : '/workbench');

export const loginPath = (from: string) => `/login?from=${encodeURIComponent(from)}`;

/** A session that ends mid-work (401 on any call) sends the person to login and back again afterwards. */
export function useSessionExpiry() {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(() => {
    const onExpired = () => {
      if (location.pathname === '/login') return;
      setCsrfToken(null);
      qc.setQueryData(['me'], null);
      navigate(loginPath(location.pathname + location.search), { replace: true, state: { expired: true } });
    };
    window.addEventListener(SESSION_EXPIRED, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED, onExpired);
  }, [navigate, location, qc]);
}

/** The server's clock: a test clock is announced on every page; no `clock` field means the system clock. */
export function useServerClock() {
  const q = useQuery({
    queryKey: ['health'],
    queryFn: () => api.get<Health>('/health'),
    staleTime: 30_000,
    retry: false,
  });
  const clock = q.data?.clock;
  return { testMode: clock?.mode === 'test', now: clock?.now ?? null };
}

/** Today's date in Beijing (YYYY-MM-DD), by the server's test clock when it runs one. */
export function useToday(): string {
  const { now } = useServerClock();
  const d = now ? new Date(now) : new Date();
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
