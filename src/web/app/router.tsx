import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

/** Each page is its own chunk: the first public page loads only the shell and itself. */
const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter([
  {
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: page(() => import('../features/public/HomePage')) },
      { path: 'items', lazy: page(() => import('../features/public/CatalogPage')) },
      { path: 'items/:code', lazy: page(() => import('../features/public/ItemGuidePage')) },
      { path: 'disclosure', lazy: page(() => import('../features/public/DisclosurePage')) },
      { path: 'disclosure/plans/:id', lazy: page(() => import('../features/public/PlanPage')) },
      { path: 'report', lazy: page(() => import('../features/public/ReportPage')) },
      { path: 'report/track', lazy: page(() => import('../features/public/ReportTrackPage')) },
      { path: 'login', lazy: page(() => import('../features/public/LoginPage')) },
      { path: 'register', lazy: page(() => import('../features/public/RegisterPage')) },
      { path: 'portal', lazy: page(() => import('../features/portal/PortalHomePage')) },
      { path: 'portal/apply', lazy: page(() => import('../features/portal/ApplyPage')) },
      { path: 'portal/applications', lazy: page(() => import('../features/portal/ApplicationsPage')) },
      { path: 'portal/applications/:id', lazy: page(() => import('../features/portal/ApplicationPage')) },
      { path: 'portal/licenses', lazy: page(() => import('../features/portal/LicensesPage')) },
      { path: 'portal/credit', lazy: page(() => import('../features/portal/CreditPage')) },
      { path: 'portal/identity', lazy: page(() => import('../features/portal/IdentityPage')) },
      { path: 'portal/mandates', lazy: page(() => import('../features/portal/MandatesPage')) },
      { path: 'portal/inbox', lazy: page(() => import('../features/portal/InboxPage')) },
      { path: 'workbench', lazy: page(() => import('../features/staff/WorkbenchPage')) },
      { path: 'workbench/reports', lazy: page(() => import('../features/staff/ReportsPage')) },
      { path: 'workbench/assistance', lazy: page(() => import('../features/staff/AssistancePage')) },
      { path: 'workbench/tolerance', lazy: page(() => import('../features/staff/TolerancePage')) },
      {
        path: 'workbench/tolerance/:taskId',
        lazy: page(() => import('../features/staff/ToleranceCasePage')),
      },
      { path: '*', lazy: page(() => import('./NotFoundPage')) },
    ],
  },
]);
