import { Alert, Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { ReportBody, ReportReceipt } from '../../api/types';
import { Copyable } from '../../components/Copyable';
import { ErrorNotice, showFieldErrors } from '../../components/ErrorNotice';
import { checkFile, PickFilesButton } from '../../components/FileUpload';
import { formatBytes, formatDate } from '../../lib/format';

/** The server takes at most five evidence files in one report. */
const MAX_FILES = 5;

type Fields = { reference: string; content: string; name?: string; phone?: string; email?: string };

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`无法读取“${file.name}”，请重新选择`));
    reader.readAsDataURL(file);
  });
}

/** Evidence files kept in the page until the report is sent with them (no account, so no upload beforehand). */
function EvidencePicker({ files, onChange }: { files: File[]; onChange: (f: File[]) => void }) {
  const [error, setError] = useState<string | null>(null);
  const add = (list: File[]) => {
    const problem = list.map(checkFile).find(Boolean);
    const next = [...files, ...list.filter((f) => !checkFile(f))].slice(0, MAX_FILES);
    setError(
      problem ??
        (files.length + list.length > MAX_FILES ? `最多附 ${MAX_FILES} 个证据文件，多出的未添加` : null),
    );
    onChange(next);
  };
  return (
    <div className="file-upload">
      <PickFilesButton label="添加证据文件" multiple disabled={files.length >= MAX_FILES} onPick={add}>
        添加证据文件
      </PickFilesButton>
      {files.length ? (
        <ul className="plain-list" aria-label="已添加的证据文件">
          {files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${f.lastModified}`}>
              <span className="file-name">
                ✓ {f.name}（{formatBytes(f.size)}）
              </span>{' '}
              <Button
                type="link"
                size="small"
                onClick={() => onChange(files.filter((_, j) => j !== i))}
                aria-label={`移除${f.name}`}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="muted small">
        照片、录音整理稿、合同等，支持 PDF、JPEG、PNG，每个不超过 10 MB，最多 {MAX_FILES} 个
      </div>
    </div>
  );
}

/**
 * 社会监督: anyone reports that a published commitment or a license looks untrue. No account: the reporter
 * keeps the receipt number, and the contact details go sealed to the supervising department alone.
 */
export default function ReportPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Fields>();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<ReportReceipt | null>(null);

  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const contact = {
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.email?.trim() ? { email: v.email.trim() } : {}),
      };
      const body: ReportBody = {
        reference: v.reference.trim(),
        content: v.content.trim(),
        ...(Object.keys(contact).length ? { contact } : {}),
        evidence: await Promise.all(
          files.map(async (f) => ({ name: f.name, contentBase64: await base64Of(f) })),
        ),
      };
      setReceipt(await api.post<ReportReceipt>('/api/public/reports', body));
      window.scrollTo(0, 0);
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
      else setError(null);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <div className="card report-receipt">
        <Result
          status="success"
          title={<h1 className="page-title">举报已受理</h1>}
          subTitle={
            <>
              <p className="receipt-number">
                回执号 <Copyable value={receipt.receiptNumber} label="回执号" />
              </p>
              <p>
                监管部门将对被举报的承诺进行现场核查，核查期限至 {formatDate(receipt.dueDate)}
                （按工作日计算）。
              </p>
              <p>请记下或复制回执号：凭回执号可随时查询办理进度和结果，遗失后无法找回。</p>
            </>
          }
          extra={[
            <Button
              key="track"
              type="primary"
              onClick={() => navigate(`/report/track?receipt=${encodeURIComponent(receipt.receiptNumber)}`)}
            >
              查询办理进度
            </Button>,
            <Link key="home" to="/">
              返回首页
            </Link>,
          ]}
        />
      </div>
    );
  }

  return (
    <div className="narrow-wide card">
      <h1 className="page-title">举报虚假承诺</h1>
      <p className="muted">
        {
          '发现已公示的信用承诺或已颁发的证照与实际情况不符，可以在此举报。举报后监管部门将进行定向核查，您凭回执号查询办理进度和结果。已经举报过？'
        }
        <Link to="/report/track">凭回执号查询进度 ›</Link>
      </p>
      <ErrorNotice error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ reference: params.get('reference') ?? '' }}
      >
        <Form.Item
          label="被举报的办件编号或证照编号"
          name="reference"
          extra="见信息公示中的信用承诺书（办件编号），或证照上的证照编号"
          rules={[{ required: true, min: 4, message: '请填写办件编号或证照编号' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          label="哪些内容与实际不符"
          name="content"
          extra="请写明承诺或证照中的哪项内容不实、您了解到的实际情况、时间和地点"
          rules={[
            { required: true, message: '请填写举报内容' },
            { min: 10, message: '举报内容至少10个字' },
          ]}
        >
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>

        <fieldset className="report-contact">
          <legend>联系方式（选填）</legend>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="您的联系方式只有承担监管职责的部门能看到"
            description="联系方式加密保存，仅用于监管部门向您核实情况；被举报人和其他任何人都看不到，也不会出现在办理结果中。不填写也可以匿名举报，但监管部门将无法与您联系。"
          />
          <Form.Item label="姓名" name="name">
            <Input maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item
            label="手机号码"
            name="phone"
            rules={[{ pattern: /^1\d{10}$/, message: '请填写11位手机号码' }]}
          >
            <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
          </Form.Item>
          <Form.Item
            label="电子邮箱"
            name="email"
            rules={[{ type: 'email', message: '请填写正确的电子邮箱' }]}
          >
            <Input maxLength={100} autoComplete="email" />
          </Form.Item>
        </fieldset>

        <div className="field-block">
          <span className="field-label">证据材料（选填）</span>
          <EvidencePicker files={files} onChange={setFiles} />
        </div>

        <p className="muted small">
          请如实举报。捏造事实诬告陷害他人的，依法承担相应责任；重复举报或恶意举报将不予核查。
        </p>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          提交举报
        </Button>
      </Form>
    </div>
  );
}
