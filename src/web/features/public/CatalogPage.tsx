import { useQuery } from '@tanstack/react-query';
import { Empty, Input, List, Pagination, Select, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { type ApprovalMode, approvalModeLabels, approvalModes } from '../../../contracts/catalog';
import { api } from '../../api/client';
import type { ItemSummary, Page } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';

const PAGE_SIZE = 10;

/** The published catalog: filter by department, mode and keyword; the filters live in the address. */
export default function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const keyword = params.get('keyword') ?? '';
  const departmentId = params.get('department') ?? undefined;
  const mode = (params.get('mode') as ApprovalMode | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  // Departments that publish items, taken from the catalog itself (the department list is staff-only).
  const all = useQuery({
    queryKey: ['public-items', 'departments'],
    queryFn: () => api.get<Page<ItemSummary>>('/api/public/catalog/items', { page: 1, pageSize: 200 }),
    staleTime: 300_000,
  });
  const departments = [...new Map((all.data?.items ?? []).map((i) => [i.departmentId, i.departmentName]))];

  const q = useQuery({
    queryKey: ['public-items', { keyword, departmentId, mode, page }],
    queryFn: () =>
      api.get<Page<ItemSummary>>('/api/public/catalog/items', {
        keyword,
        departmentId,
        mode,
        page,
        pageSize: PAGE_SIZE,
      }),
  });

  return (
    <>
      <h1 className="page-title">办事指南</h1>
      <search className="card filters" aria-label="筛选事项">
        <div className="filter">
          <label htmlFor="kw">关键词</label>
          <Input.Search
            id="kw"
            allowClear
            defaultValue={keyword}
            key={keyword}
            placeholder="事项名称、编码、依据或材料"
            enterButton="搜索"
            onSearch={(v) => set({ keyword: v.trim() || undefined })}
          />
        </div>
        <div className="filter">
          <label htmlFor="dept">实施部门</label>
          <Select
            id="dept"
            allowClear
            placeholder="全部部门"
            value={departmentId}
            onChange={(v) => set({ department: v })}
            options={departments.map(([value, label]) => ({ value, label }))}
            style={{ width: '100%' }}
          />
        </div>
        <div className="filter">
          <label htmlFor="mode">办理模式</label>
          <Select
            id="mode"
            allowClear
            placeholder="全部模式"
            value={mode}
            onChange={(v) => set({ mode: v })}
            options={approvalModes.map((m) => ({ value: m, label: approvalModeLabels[m] }))}
            style={{ width: '100%' }}
          />
        </div>
      </search>

      <ErrorNotice error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : q.data && q.data.items.length === 0 ? (
        <Empty description="没有符合条件的事项，请换个关键词或清除筛选条件" />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            共 {q.data?.total ?? 0} 个事项
          </p>
          <List
            className="item-list"
            dataSource={q.data?.items ?? []}
            rowKey="code"
            renderItem={(it) => (
              <List.Item>
                <div className="item-row">
                  <h2 className="item-name">
                    <Link to={`/items/${encodeURIComponent(it.code)}`}>{it.name}</Link>
                  </h2>
                  <div className="muted">
                    {it.departmentName} · {it.kindLabel} · 法定时限 {it.legalTimeLimitDays} 个工作日 ·{' '}
                    {it.promisedTimeLimitDays === 0
                      ? '即审即办'
                      : `承诺时限 ${it.promisedTimeLimitDays} 个工作日`}
                  </div>
                  <div className="tag-row" style={{ marginTop: 6 }}>
                    {it.modeLabels.map((l) => (
                      <Tag key={l} color={l === '一般程序' ? 'default' : 'red'}>
                        {l}
                      </Tag>
                    ))}
                  </div>
                </div>
              </List.Item>
            )}
          />
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={q.data?.total ?? 0}
            showSizeChanger={false}
            hideOnSinglePage
            onChange={(p) => set({ page: String(p) })}
            style={{ marginTop: 12, textAlign: 'center' }}
          />
        </>
      )}
    </>
  );
}
