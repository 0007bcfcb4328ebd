import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { applicantTypeLabels, type StaffRole, staffRoleLabels } from '../../contracts/enums';
import { api, setCsrfToken } from '../api/client';
import type { InboxPage, Me } from '../api/types';
import { useIdentity } from '../features/portal/identity';
import { formatDateTime } from '../lib/format';
import { useMe, useServerClock, useSessionExpiry } from './session';

type NavItem = { to: string; label: string; end?: boolean };

const publicNav: NavItem[] = [
  { to: '/', label: '首页', end: true },
  { to: '/items', label: '办事指南' },
  { to: '/disclosure', label: '信息公示' },
];
const applicantNav: NavItem[] = [
  { to: '/portal', label: '我的首页', end: true },
  { to: '/portal/apply', label: '我要办事' },
  { to: '/portal/applications', label: '我的办件' },
  { to: '/portal/licenses', label: '我的证照' },
  { to: '/portal/credit', label: '我的信用' },
  { to: '/portal/mandates', label: '我的委托' },
];
const staffNav: NavItem[] = [{ to: '/workbench', label: '工作台' }];

/** What a person is, in words: the department and roles of staff, the kind of applicant otherwise. */
export function whoLabel(me: Me): string {
  if (me.kind === 'applicant') return me.applicantType ? applicantTypeLabels[me.applicantType] : '申请人';
  const roles = me.roles.map((r) => staffRoleLabels[r as StaffRole] ?? '').filter(Boolean);
  return [me.departmentName, roles.join('、')].filter(Boolean).join(' · ');
}

function TestClockBanner() {
  const { testMode, now } = useServerClock();
  if (!testMode) return null;
  return (
    <div className="test-clock" role="status">
      测试时钟 {formatDateTime(now)}（系统正以测试时间运行，期限按此时间计算）
    </div>
  );
}

/** Under an applicant's name: whether its identity is proven, linking to what that means and what to do. */
function IdentityBadge() {
  const q = useIdentity();
  if (!q.data) return null;
  return (
    <Link to="/portal/identity" className={q.data.proven ? 'identity-badge' : 'identity-badge unproven'}>
      {q.data.proven ? `已实名（${q.data.proofLabel}）` : '身份未核验'}
    </Link>
  );
}

function UnreadBadge() {
  const q = useQuery({
    queryKey: ['inbox', 1],
    queryFn: () => api.get<InboxPage>('/api/inbox', { page: 1, pageSize: 20 }),
  });
  const unread = q.data?.unread ?? 0;
  return (
    <NavLink to="/portal/inbox" className="nav-link">
      消息
      {unread > 0 ? (
        <span className="badge">
          {unread}
          <span className="visually-hidden"> 条未读</span>
        </span>
      ) : null}
    </NavLink>
  );
}

export function Shell() {
  useSessionExpiry();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const user = me.data ?? null;
  const nav = [...publicNav, ...(user ? (user.kind === 'applicant' ? applicantNav : staffNav) : [])];

  const logout = async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // the session may already be gone; either way the person is signed out here
    }
    setCsrfToken(null);
    qc.clear();
    qc.setQueryData(['me'], null);
    navigate('/');
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <TestClockBanner />
      <header className="header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              信
            </span>
            <span className="brand-text">
              信易批<small>信用承诺审批平台</small>
            </span>
          </Link>
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={open}
            aria-controls="main-nav"
            onClick={() => setOpen((o) => !o)}
          >
            {open ? '收起菜单' : '菜单'}
          </button>
          <nav id="main-nav" aria-label="主导航" className={open ? 'nav open' : 'nav'}>
            {nav.map((n) => (
              <NavLink key={n.to} to={n.to} end={n.end} className="nav-link" onClick={() => setOpen(false)}>
                {n.label}
              </NavLink>
            ))}
            {user?.kind === 'applicant' ? <UnreadBadge /> : null}
            <div className="user-area">
              {user ? (
                <>
                  <span className="user-name">
                    {user.displayName}
                    <small>{whoLabel(user)}</small>
                    {user.kind === 'applicant' ? <IdentityBadge /> : null}
                  </span>
                  <button type="button" className="link-button" onClick={logout}>
                    退出登录
                  </button>
                </>
              ) : me.isPending ? null : (
                <>
                  <NavLink to="/login" className="nav-link">
                    登录
                  </NavLink>
                  <NavLink to="/register" className="nav-link">
                    注册
                  </NavLink>
                </>
              )}
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="footer">
        <p>信易批 · 乌审旗信用承诺审批平台 · 前端承诺、中端核查、后端失信惩戒</p>
        <p>咨询与投诉：乌审旗政务服务中心（12345 政务服务便民热线）</p>
      </footer>
    </div>
  );
}
