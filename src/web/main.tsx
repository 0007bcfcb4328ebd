import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { router } from './app/router';
import './styles.css';

dayjs.locale('zh-cn');

const focusInBlue = {
  activeBorderColor: '#0958d9',
  hoverBorderColor: '#4096ff',
  activeShadow: '0 0 0 2px rgba(5, 145, 255, 0.15)',
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will not succeed by asking again.
      retry: (count, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // “登录” read as written: no space put between two characters of a button's label.
      button={{ autoInsertSpace: false }}
      theme={{
        // Secondary text, placeholders and disabled text darkened to meet WCAG AA contrast (4.5:1).
        token: {
          colorPrimary: '#a8071a',
          colorLink: '#0958d9',
          fontSize: 15,
          colorTextPlaceholder: '#6b6b6b',
          colorTextDescription: '#595959',
          colorTextTertiary: '#595959',
          colorTextQuaternary: '#6b6b6b',
          colorTextDisabled: '#6b6b6b',
          // antd's error red (#ff4d4f) is 3.2:1 on white: too light for a danger button's words.
          colorError: '#cf1322',
        },
        // The brand red reads as an error on a field being typed in: fields show focus in blue instead.
        components: Object.fromEntries(
          ['Input', 'InputNumber', 'Select', 'DatePicker'].map((c) => [c, focusInBlue]),
        ),
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
