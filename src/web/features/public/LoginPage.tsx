import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Divider, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../../api/client';
import type { Me } from '../../api/types';
import { homeOf } from '../../app/session';
import { ErrorNotice } from '../../components/ErrorNotice';

type LoginAnswer = { csrfToken: string; expiresAt: string };

/** Only paths inside the site are followed after login, never another address. */
const safeFrom = (from: string | null) => (from?.startsWith('/') && !from.startsWith('//') ? from : null);

export default function LoginPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = safeFrom(params.get('from'));
  const expired = (location.state as { expired?: boolean } | null)?.expired;
  // The identity platform's answer comes back here when the login could not be completed.
  const platformError = params.get('error');
  const platformStart = `/api/auth/oidc/start?returnTo=${encodeURIComponent(from ?? '/portal')}`;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<LoginAnswer>('/api/auth/login', v, { quiet401: true });
      setCsrfToken(r.csrfToken);
      const me = await api.get<Me>('/api/me');
      qc.setQueryData(['me'], me);
      navigate(from ?? homeOf(me), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow card">
      <h1 className="page-title">登录</h1>
      {expired ? (
        <Alert
          type="warning"
          showIcon
          title="登录已过期，请重新登录，登录后将回到刚才的页面。"
          style={{ marginBottom: 12 }}
        />
      ) : from ? (
        <Alert type="info" showIcon title="请先登录，登录后将继续刚才的操作。" style={{ marginBottom: 12 }} />
      ) : null}
      {platformError ? (
        <Alert type="error" showIcon role="alert" title={platformError} style={{ marginBottom: 12 }} />
      ) : null}
      <section className="platform-login" aria-labelledby="platform-login-title">
        <h2 id="platform-login-title">企业和群众办事</h2>
        <p className="muted small">
          使用统一身份认证（政务服务平台）账号登录：自然人刷脸或证件实名，企业凭电子营业执照，登录即完成身份核验，可直接查看信用档案、办理申请和授权委托。
        </p>
        <Button type="primary" size="large" block href={platformStart} className="platform-login-button">
          统一身份认证登录
        </Button>
      </section>
      <Divider plain>或使用本平台用户名和密码登录</Divider>
      <ErrorNotice error={error} />
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input autoComplete="username" size="large" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" size="large" />
        </Form.Item>
        <Button htmlType="submit" size="large" block loading={busy}>
          登录
        </Button>
      </Form>
      <p className="muted small" style={{ marginTop: 12 }}>
        工作人员使用用户名和密码登录。用密码注册的申请人账号，须携带有效证件到政务服务中心综合受理窗口核验身份后，才能查看信用档案和办理申请。
      </p>
      <p style={{ marginTop: 16 }}>
        还没有账号？
        <Link to={`/register${from ? `?from=${encodeURIComponent(from)}` : ''}`}>注册申请人账号</Link>
      </p>
    </div>
  );
}
