import { Pagination } from 'antd';

/** Pages of a list, shown only when there is more than one: “共 N 件”. */
export function Pager({
  page,
  pageSize,
  total,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}) {
  if (total <= pageSize) return null;
  return (
    <Pagination
      current={page}
      pageSize={pageSize}
      total={total}
      showSizeChanger={false}
      showTotal={(n) => `共 ${n} 件`}
      onChange={onChange}
    />
  );
}
