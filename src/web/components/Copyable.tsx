import { Typography } from 'antd';

/** A number people quote (办件编号, 证照编号, 承诺编码): shown whole and copyable. */
export function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Typography.Text className="number" copyable={{ text: value, tooltips: [`复制${label}`, '已复制'] }}>
      {value}
    </Typography.Text>
  );
}
