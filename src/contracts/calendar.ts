import { Type } from 'typebox';
import { IsoDate } from './common';

const NamedDay = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 40 }) });

export const LoadCalendarYear = Type.Object({
  notice: Type.String({ minLength: 4, maxLength: 200, description: '依据的国务院办公厅通知名称及文号' }),
  holidays: Type.Array(NamedDay, { maxItems: 120, description: '放假日期（含放假期间的周末）' }),
  workdays: Type.Array(NamedDay, { maxItems: 30, description: '调休上班的周末' }),
  replace: Type.Optional(Type.Boolean({ description: '更正已载入的年份' })),
});

export const LoadCalendarYearResult = Type.Object({
  year: Type.Integer(),
  holidays: Type.Integer(),
  workdays: Type.Integer(),
  deadlines: Type.Object(
    {
      recomputed: Type.Integer({ description: '重新计算的暂定期限数' }),
      changed: Type.Integer({ description: '日期有变的期限数' }),
      stillProvisional: Type.Integer({ description: '仍涉及未载入年份、继续暂按法定节假日计算的期限数' }),
      told: Type.Integer({ description: '发出的期限调整通知数' }),
    },
    { description: '此前暂按法定节假日计算的期限' },
  ),
});

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  source: Type.String(),
  notice: Type.Union([Type.String(), Type.Null()]),
  loadedAt: Type.String(),
});

export const WorkingDayAnswer = Type.Object({
  date: IsoDate,
  workingDay: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
});

export const AddWorkingDaysAnswer = Type.Object({ date: IsoDate, days: Type.Integer(), result: IsoDate });
export const CountWorkingDaysAnswer = Type.Object({
  from: IsoDate,
  to: IsoDate,
  workingDays: Type.Integer(),
});
