import { Button, Progress } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { ApiError, uploadFile } from '../api/client';
import type { FileView } from '../api/types';
import { formatBytes } from '../lib/format';

/** What the server takes (it checks the content again): PDF, JPEG, PNG up to 10 MB. */
const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 10 * 1024 * 1024;

export function checkFile(file: File): string | null {
  const byName = /\.(pdf|jpe?g|png)$/i.test(file.name);
  if (!ACCEPT.includes(file.type) && !byName) return `“${file.name}”不是 PDF、JPEG 或 PNG 文件，请转换后上传`;
  if (file.size > MAX_BYTES) return `“${file.name}”大小为 ${formatBytes(file.size)}，超过 10 MB 上限`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  return null;
}

/**
 * The browser's file chooser behind a button that says what it adds; `label` names the hidden input for
 * screen readers (and tests). The chooser is emptied after each pick so the same file can be picked again.
 */
export function PickFilesButton({
  label,
  multiple = false,
  disabled,
  onPick,
  children,
}: {
  label: string;
  multiple?: boolean;
  disabled?: boolean;
  onPick: (files: File[]) => void;
  children: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        className="visually-hidden"
        aria-label={label}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onPick(files);
        }}
      />
      <Button onClick={() => input.current?.click()} disabled={disabled}>
        {children}
      </Button>
    </>
  );
}

/** One material's file: checked before sending, uploaded with progress, replaceable. */
export function FileUpload({
  label,
  value,
  onChange,
}: {
  label: string;
  value: FileView | null;
  onChange: (f: FileView | null) => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    const problem = checkFile(file);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setProgress(0);
    try {
      onChange(await uploadFile<FileView>(file, setProgress));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '上传失败，请重试');
      onChange(null);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="file-upload">
      <PickFilesButton label={`上传${label}`} disabled={progress !== null} onPick={(files) => pick(files[0])}>
        {value ? '重新上传' : '选择文件上传'}
      </PickFilesButton>
      {value ? (
        <span className="file-name">
          ✓ {value.name}（{formatBytes(value.size)}）
        </span>
      ) : null}
      {progress !== null ? (
        <Progress percent={progress} size="small" aria-label={`${label}上传进度`} />
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="muted small">支持 PDF、JPEG、PNG，不超过 10 MB</div>
    </div>
  );
}
