import { Type } from 'typebox';

/** The clock a deployment runs on; `test` only where TEST_CLOCK started it. */
export const ClockView = Type.Object({
  mode: Type.Union([Type.Literal('test'), Type.Literal('system')]),
  now: Type.String({ description: '本服务当前时间（ISO 8601）' }),
});

export const SetClock = Type.Object({
  now: Type.String({ format: 'date-time', description: '拨到的时间（ISO 8601，须带时区，只能向后拨）' }),
});

export const AdvanceClock = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3660, description: '天数（自然日）' })),
    hours: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { description: '向后拨动的时长，至少一项大于 0' },
);

export const DeadlineJobView = Type.Object({
  id: Type.String(),
  queue: Type.String({ description: '任务队列' }),
  label: Type.String({ description: '任务名称' }),
  state: Type.String({ description: 'created 待执行 / retry 失败后待重试' }),
  startAfter: Type.String({ description: '到期时间（ISO 8601）' }),
  due: Type.Boolean({ description: '按本服务当前时间已到期' }),
  provisional: Type.Boolean({ description: '到期时间暂按法定节假日计算' }),
  applicationId: Type.Union([Type.String(), Type.Null()]),
  taskId: Type.Union([Type.String(), Type.Null()]),
});

export const DeadlineJobList = Type.Object({
  now: Type.String(),
  total: Type.Integer(),
  due: Type.Integer({ description: '其中已到期的数量' }),
  items: Type.Array(DeadlineJobView, { description: '按到期时间排列，最多 500 条' }),
});

export const RunJobsResult = Type.Object({
  now: Type.String(),
  ran: Type.Array(
    Type.Object({
      id: Type.String(),
      queue: Type.String(),
      label: Type.String(),
      ok: Type.Boolean(),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
