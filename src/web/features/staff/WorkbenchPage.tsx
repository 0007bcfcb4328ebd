import { Link } from 'react-router';
import { type StaffRole, staffRoleLabels } from '../../../contracts/enums';
import { RequireLogin } from '../../app/RequireLogin';
import { useMe } from '../../app/session';

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
        {me.roles.includes('supervision_admin') ? (
          <p>
            <Link to="/workbench/reports">举报处理（社会监督）›</Link>
          </p>
        ) : null}
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
