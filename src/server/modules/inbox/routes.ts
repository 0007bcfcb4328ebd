import { PageQuery } from '../../../contracts/common';
import { InboxPage } from '../../../contracts/web';
import { defineRoutes, doneOnId } from '../../http/route';
import { listInbox } from './list-inbox';
import { markRead } from './mark-read';

export const inboxRoutes = defineRoutes({ tags: ['消息'] }, (route) => {
  route.get('/api/inbox', {
    access: 'account.read_self',
    summary: '我的消息（仅本人）',
    querystring: PageQuery,
    response: { 200: InboxPage },
    read: (ctx, { query }) => listInbox(ctx, query),
  });

  route.post('/api/inbox/:id/read', {
    access: 'account.read_self',
    summary: '标记消息已读（仅本人）',
    ...doneOnId(markRead),
  });
});
