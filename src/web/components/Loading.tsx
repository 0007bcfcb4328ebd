import { Spin } from 'antd';

/** A spinner that says what it is to a screen reader. */
export function Loading() {
  return (
    <div className="page-loading" role="status">
      <Spin />
      <span className="visually-hidden">正在加载</span>
    </div>
  );
}
