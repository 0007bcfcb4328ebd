import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { api } from '../api/client';
import type { CountWorkingDaysAnswer } from '../api/types';
import { useToday } from '../app/session';
import { formatDate } from '../lib/format';

/** “剩余 N 个工作日”, counted by the server's working-day calendar; red at two or fewer. */
export function DaysLeft({ due, label = '期限' }: { due: string; label?: string }) {
  const today = useToday();
  const q = useQuery({
    queryKey: ['working-days', today, due],
    queryFn: () =>
      api.get<CountWorkingDaysAnswer>('/api/calendar/count-working-days', { from: today, to: due }),
    staleTime: 300_000,
  });
  const n = q.data?.workingDays;
  return (
    <span>
      {label}
      {formatDate(due)}
      {n === undefined ? null : n < 0 ? (
        <Tag color="#a8071a" style={{ marginLeft: 8 }}>
          已逾期 {-n} 个工作日
        </Tag>
      ) : (
        <Tag color={n <= 2 ? '#a8071a' : 'blue'} style={{ marginLeft: 8 }}>
          剩余 {n} 个工作日
        </Tag>
      )}
    </span>
  );
}
