import type { Deps } from '../../context';

export const verifyPath = (id: string) => `/api/public/documents/verify/${id}`;
export const verifyUrlOf = (deps: Pick<Deps, 'config'>, id: string) =>
  `${deps.config.publicBaseUrl.replace(/\/+$/, '')}${verifyPath(id)}`;
