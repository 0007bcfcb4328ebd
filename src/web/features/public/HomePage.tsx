import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { ItemSummary, Page } from '../../api/types';
import { useMe } from '../../app/session';

/** The first page: kept free of heavy components so it loads fast on a phone. */
export default function HomePage() {
  const navigate = useNavigate();
  const me = useMe();
  const [keyword, setKeyword] = useState('');
  const items = useQuery({
    queryKey: ['public-items', { page: 1, pageSize: 6 }],
    queryFn: () => api.get<Page<ItemSummary>>('/api/public/catalog/items', { page: 1, pageSize: 6 }),
  });
  const search = (e: FormEvent) => {
    e.preventDefault();
    navigate(keyword.trim() ? `/items?keyword=${encodeURIComponent(keyword.trim())}` : '/items');
  };
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">信用承诺，当场办结</h1>
        <p>信用良好的企业和群众签署承诺书即可办理，无需反复提交证明材料。</p>
        <search>
          <form className="search-row" onSubmit={search}>
            <label htmlFor="home-search" className="visually-hidden">
              搜索办事事项
            </label>
            <input
              id="home-search"
              type="search"
              placeholder="输入事项名称，如“食品经营许可”"
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
            />
            <button type="submit">搜索</button>
          </form>
        </search>
      </section>

      <h2 className="section-title">怎样办理</h2>
      <ol className="cards steps">
        {[
          ['查看办事指南', '了解办理模式、所需材料、时限和承诺内容。'],
          ['注册并登录', '企业、个人或代理人注册账号。'],
          ['信用核查', '开始申请时自动核查信用，告诉您可以选择哪些办理模式。'],
          ['签署承诺、当场办结', '阅读告知书并签署承诺书，符合条件的当场取得证照。'],
        ].map(([title, text], i) => (
          <li className="card" key={title}>
            <h3>
              {i + 1}. {title}
            </h3>
            <p className="muted">{text}</p>
          </li>
        ))}
      </ol>

      <h2 className="section-title">常办事项</h2>
      <div className="cards">
        {items.data?.items.map((it) => (
          <div className="card" key={it.code}>
            <h3>
              <Link to={`/items/${encodeURIComponent(it.code)}`}>{it.name}</Link>
            </h3>
            <p className="muted">{it.departmentName}</p>
            <p>{it.modeLabels.join('、')}</p>
          </div>
        ))}
        {items.isError ? <p role="alert">事项加载失败，请刷新页面重试。</p> : null}
      </div>
      <p>
        <Link to="/items">查看全部事项 ›</Link>
      </p>

      <h2 className="section-title">快捷入口</h2>
      <div className="cards">
        <div className="card">
          <h3>我要办事</h3>
          <p className="muted">在线申请、签署承诺、查看办件进度和证照。</p>
          <Link to={me.data ? '/portal/apply' : '/login?from=%2Fportal%2Fapply'}>开始申请 ›</Link>
        </div>
        <div className="card">
          <h3>信用承诺公示</h3>
          <p className="muted">申请人同意公开的承诺书。</p>
          <Link to="/disclosure?tab=commitments">查看 ›</Link>
        </div>
        <div className="card">
          <h3>失信记录公示</h3>
          <p className="muted">公示期内的失信记录。</p>
          <Link to="/disclosure?tab=dishonesty">查看 ›</Link>
        </div>
        <div className="card">
          <h3>双随机、一公开</h3>
          <p className="muted">抽查计划、抽取结果和检查结果，可在线复核抽取。</p>
          <Link to="/disclosure?tab=inspections">查看 ›</Link>
        </div>
        <div className="card">
          <h3>社会监督举报</h3>
          <p className="muted">承诺或证照与实际不符，可以举报；联系方式只有监管部门可见。</p>
          <Link to="/report">我要举报 ›</Link> <Link to="/report/track">查询举报进度 ›</Link>
        </div>
      </div>
    </>
  );
}
