import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { CreditMe, IdentityStatus, ItemSummary, MandateList, Page } from '../../api/types';
import { useMe } from '../../app/session';

/** The signed-in applicant's identity proof; staff have none (the query is not made for them). */
export function useIdentity() {
  const me = useMe().data;
  return useQuery({
    queryKey: ['identity-status', me?.id],
    enabled: me?.kind === 'applicant',
    queryFn: () => api.get<IdentityStatus>('/api/identity/status'),
  });
}

/**
 * The subject's credit file, asked for only once the account is proven: an unproven account is refused it,
 * and is told what to do instead (IdentityNotice) rather than shown the refusal.
 */
export function useCreditMe() {
  const identity = useIdentity();
  const proven = identity.data?.proven ?? false;
  const credit = useQuery({
    queryKey: ['credit-me'],
    enabled: proven,
    queryFn: () => api.get<CreditMe>('/api/credit/me'),
  });
  return { identity, proven, credit };
}

/**
 * Where a page needs a proven identity (the credit file, applying, mandates) and the account has none:
 * what the person can do about it, instead of a refusal with no way on.
 */
export function IdentityNotice({ what }: { what: string }) {
  const q = useIdentity();
  if (!q.data || q.data.proven) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="identity-notice"
      style={{ marginBottom: 16 }}
      title={`身份尚未核验，暂不能${what}`}
      description={
        <>
          您的账号是用密码注册的，平台还不能确认您就是“{q.data.displayName}
          ”。请携带有效证件到政务服务中心综合受理窗口核验身份，或改用统一身份认证登录。
          <Link to="/portal/identity">查看怎样核验身份 ›</Link>
        </>
      }
    />
  );
}

/** The catalog's items by code, for naming a mandate's items (the same list the apply page picks from). */
export function useItemNames() {
  const q = useQuery({
    queryKey: ['public-items', 'departments'],
    queryFn: () => api.get<Page<ItemSummary>>('/api/public/catalog/items', { page: 1, pageSize: 200 }),
  });
  const items = q.data?.items ?? [];
  return { items, nameOf: (code: string) => items.find((i) => i.code === code)?.name ?? code };
}

/** The mandates the account granted and holds; only a proven account is the subject they name. */
export const useMandates = (enabled: boolean) =>
  useQuery({ queryKey: ['mandates'], enabled, queryFn: () => api.get<MandateList>('/api/mandates') });
