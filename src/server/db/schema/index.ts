export * from './accounts';
export * from './applications';
export * from './audit';
export * from './calendar';
export * from './catalog';
export * from './credit';
export * from './notifications';
export * from './outbox';
