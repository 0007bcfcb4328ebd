import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** A page that failed to load (often a new version deployed meanwhile): say so and offer a way on. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main id="main" style={{ padding: 32, textAlign: 'center' }} lang="zh-CN">
      <h1>{notFound ? '页面不存在' : '页面加载失败'}</h1>
      <p>{notFound ? '您访问的页面不存在。' : '可能是网络中断或系统刚刚更新，请刷新页面后重试。'}</p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </main>
  );
}
