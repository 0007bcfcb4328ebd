import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type ApplicantType, applicantTypeLabels, applicantTypes } from '../../../contracts/enums';
import { api, setCsrfToken } from '../../api/client';
import type { Me, RegisterApplicant } from '../../api/types';
import { ErrorNotice, showFieldErrors } from '../../components/ErrorNotice';

/** Registration for applicants; staff accounts are made by the system administrator. */
export default function RegisterPage() {
  const [form] = Form.useForm<RegisterApplicant & { confirm: string }>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kind = (Form.useWatch('applicantType', form) ?? 'enterprise') as ApplicantType;

  const submit = async ({ confirm: _c, ...v }: RegisterApplicant & { confirm: string }) => {
    setBusy(true);
    setError(null);
    try {
      const body: RegisterApplicant = {
        applicantType: v.applicantType,
        username: v.username.trim(),
        password: v.password,
        displayName: v.displayName.trim(),
        ...(v.applicantType === 'enterprise'
          ? { uscc: v.uscc?.trim().toUpperCase() }
          : { residentId: v.residentId?.trim().toUpperCase() }),
        ...(v.phone ? { phone: v.phone.trim() } : {}),
      };
      await api.post('/api/applicants/register', body);
      const r = await api.post<{ csrfToken: string }>(
        '/api/auth/login',
        { username: body.username, password: body.password },
        { quiet401: true },
      );
      setCsrfToken(r.csrfToken);
      qc.setQueryData(['me'], await api.get<Me>('/api/me'));
      const from = params.get('from');
      navigate(from?.startsWith('/') && !from.startsWith('//') ? from : '/portal', { replace: true });
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
      else setError(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow card">
      <h1 className="page-title">注册申请人账号</h1>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="用密码注册的账号须核验身份"
        description={
          <>
            注册后须携带有效证件（自然人、代理人带居民身份证；企业带营业执照和法定代表人身份证件）到政务服务中心综合受理窗口核验身份，核验后才能查看信用档案和办理申请。有统一身份认证账号的，可直接
            <a href="/api/auth/oidc/start?returnTo=%2Fportal">统一身份认证登录</a>，无需注册和核验。
          </>
        }
      />
      <ErrorNotice error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ applicantType: 'enterprise' }}
        requiredMark={false}
      >
        <Form.Item label="申请人类型" name="applicantType">
          <Radio.Group options={applicantTypes.map((t) => ({ value: t, label: applicantTypeLabels[t] }))} />
        </Form.Item>
        <Form.Item
          label={kind === 'enterprise' ? '企业名称' : '姓名'}
          name="displayName"
          rules={[
            { required: true, min: 2, message: kind === 'enterprise' ? '请填写企业名称' : '请填写姓名' },
          ]}
        >
          <Input />
        </Form.Item>
        {kind === 'enterprise' ? (
          <Form.Item
            label="统一社会信用代码"
            name="uscc"
            rules={[{ required: true, len: 18, message: '请填写18位统一社会信用代码' }]}
          >
            <Input maxLength={18} />
          </Form.Item>
        ) : (
          <Form.Item
            label="公民身份号码"
            name="residentId"
            rules={[{ required: true, len: 18, message: '请填写18位公民身份号码' }]}
          >
            <Input maxLength={18} />
          </Form.Item>
        )}
        <Form.Item
          label="手机号码（选填）"
          name="phone"
          rules={[{ pattern: /^1\d{10}$/, message: '请填写11位手机号码' }]}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item
          label="用户名"
          name="username"
          extra="3–32位字母、数字、下划线、点或连字符"
          rules={[
            {
              required: true,
              pattern: /^[A-Za-z0-9_.-]{3,32}$/,
              message: '用户名为3–32位字母、数字、下划线、点或连字符',
            },
          ]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          label="密码"
          name="password"
          extra="至少8位，须同时包含字母和数字"
          rules={[
            { required: true, message: '请设置密码' },
            { min: 8, message: '密码至少8位' },
            { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: '密码须同时包含字母和数字' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          注册并登录
        </Button>
      </Form>
      <p style={{ marginTop: 16 }}>
        已有账号？<Link to="/login">登录</Link>
      </p>
    </div>
  );
}
