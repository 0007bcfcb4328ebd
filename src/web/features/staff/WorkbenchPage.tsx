import { Link } from 'react-router';
import { type StaffRole, staffRoleLabels } from '../../../contracts/enums';
import { type Permission, rolesMay } from '../../../domain/access';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';

/** The pages open so far, each to the roles the server lets through (src/domain/access.ts). */
const links: { to: string; label: string; about: string; permission: Permission }[] = [
  {
    to: '/workbench/reports',
    label: '举报处理（社会监督）',
    about: '公众对本部门监管事项的举报及其核查',
    permission: 'report.manage',
  },
  {
    to: '/workbench/assistance',
    label: '协助核查',
    about: '本部门请求的和请本部门协助的核查',
    permission: 'assistance.handle',
  },
  {
    to: '/workbench/tolerance',
    label: '容错免责台账',
    about: '撤销审批决定的案件及其复核（纪检监察人员；相关工作人员查看本人的）',
    permission: 'tolerance.read',
  },
];

/** The staff landing page; the workbenches of each role are added here. */
function Workbench() {
  const me = useMe().data!;
  return (
    <>
      <h1 className="page-title">工作台</h1>
      <div className="card">
        <p>
          {me.displayName}，您好。您所在部门：{me.departmentName ?? '—'}；岗位：
          {me.roles.map((r) => staffRoleLabels[r as StaffRole]).join('、')}。
        </p>
        <p className="muted">各岗位的办理页面正在陆续开通。公开的办事指南和信息公示可随时查看。</p>
        <ul className="plain-list">
          {links
            .filter((l) => rolesMay(me.roles, l.permission))
            .map((l) => (
              <li key={l.to}>
                <Link to={l.to}>{l.label} ›</Link>
                <div className="muted small">{l.about}</div>
              </li>
            ))}
        </ul>
        <p>
          <Link to="/items">办事指南</Link> · <Link to="/disclosure">信息公示</Link>
        </p>
      </div>
    </>
  );
}

export default function WorkbenchPage() {
  return (
    <RequireLogin applicant={false}>
      <Workbench />
    </RequireLogin>
  );
}
