import { Type } from 'typebox';
import { Page, PageQuery } from '../../../contracts/common';
import { defineRoutes } from '../../http/route';
import { listAudit } from './queries/list-audit';
import { verifyChain } from './queries/verify-chain';

const ChainReport = Type.Object({
  ok: Type.Boolean({ description: '链完整、无伪造记录、与检查点一致' }),
  checked: Type.Integer(),
  lastSeq: Type.Integer(),
  firstProblem: Type.Union([
    Type.Object({
      seq: Type.Integer(),
      problem: Type.String({
        description:
          'missing 缺失；altered 篡改；broken_link 断链；forged 非本系统写入；checkpoint_mismatch 与检查点不符；truncated 末尾被截断',
      }),
      message: Type.String(),
    }),
    Type.Null(),
  ]),
  findings: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      rowId: Type.Union([Type.String(), Type.Null()]),
      message: Type.String(),
    }),
    { description: '封链时发现并拒绝入链的非本系统写入的记录（记载在链中）' },
  ),
  flaggedRows: Type.Integer({ description: '表中被拒绝入链的记录数' }),
  checkpoint: Type.Object({
    file: Type.Union([Type.String(), Type.Null()]),
    count: Type.Integer(),
    last: Type.Union([
      Type.Object({ seq: Type.Integer(), hash: Type.String(), at: Type.String() }),
      Type.Null(),
    ]),
    problems: Type.Array(Type.String()),
  }),
  checkpointKey: Type.String({ description: '检查点签名公钥（SM2）' }),
});

const AuditRow = Type.Object({
  id: Type.Integer({ description: '写入顺序' }),
  seq: Type.Union([Type.Integer(), Type.Null()], {
    description: '链上序号；刚写入、尚未封链时为空（约一秒内封链）',
  }),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.Union([Type.String(), Type.Null()]),
});

export const auditRoutes = defineRoutes({ tags: ['审计'] }, (route) => {
  route.get('/api/audit/verify', {
    access: 'audit.verify',
    summary: '校验审计日志：哈希链、每条记录的校验码（MAC），并与签名检查点比对末尾是否被截断（审计人员）',
    response: { 200: ChainReport },
    read: verifyChain,
  });

  route.get('/api/audit', {
    access: 'audit.read',
    summary: '查询审计日志（审计人员）',
    querystring: Type.Object({
      ...PageQuery.properties,
      targetType: Type.Optional(Type.String()),
      targetId: Type.Optional(Type.String()),
    }),
    response: { 200: Page(AuditRow) },
    read: (ctx, { query }) => listAudit(ctx, query),
  });
});
