// English: the bookmarks page.

export const bookmarks = {
  title: 'Bookmarks',
  intro: 'Memories you saved. Only you see this list.',
  emptyTitle: 'No bookmarks yet',
  emptyBody:
    'Press the bookmark under a memory to keep it here for later. Nobody is told, and only you see this list.',
  explore: 'Browse memories',
};
