// Socket.IO room names: every socket of a user joins the user's room; `watch` joins a memory's.

export const userRoom = (userId: string) => `user:${userId}`;
export const memoryRoom = (memoryId: string) => `memory:${memoryId}`;
