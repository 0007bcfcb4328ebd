import { Tag } from 'antd';
import type { ApplicationStatus } from '../../contracts/applications';
import { applicationStatusLabels } from '../../contracts/applications';

const colors: Record<ApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'processing',
  reviewed: 'processing',
  missing_materials: 'warning',
  reminded: 'error',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  terminated: 'error',
  revoked: 'error',
};

export function StatusTag({ status }: { status: ApplicationStatus }) {
  return <Tag color={colors[status]}>{applicationStatusLabels[status]}</Tag>;
}
