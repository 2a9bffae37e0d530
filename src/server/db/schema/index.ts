export * from './users.ts';
export * from './auth.ts';
export * from './relations.ts';
export * from './memories.ts';
export * from './comments.ts';
export * from './notifications.ts';
export * from './reports.ts';
export * from './chat.ts';
