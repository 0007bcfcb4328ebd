import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <div className="card" style={{ textAlign: 'center', padding: 40 }}>
      <h1>页面不存在</h1>
      <p className="muted">您访问的地址没有对应的页面，可能已经调整。</p>
      <p>
        <Link to="/">返回首页</Link> · <Link to="/items">查找办事事项</Link>
      </p>
    </div>
  );
}
