import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisibilityValue } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import {
  headersFor,
  idsOf,
  insertBlock,
  insertFollow,
  insertFriendship,
  insertMute,
  shareMemory,
} from '../../../../test/helpers/social.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Who sees a memory, and where, for every visibility × how the viewer relates to its author.
// The rules (modules/relations/visibility.ts and feeds.repo.ts):
//   public    → everyone, signed in or not, unless a block stands between them (either way)
//   followers → the author, their followers and their friends
//   friends   → the author and their friends
//   private   → the author only
// Home = own + followed + friends' memories the rule allows, minus muted authors. The public and
// city feeds hold public memories only, minus muted and blocked authors. A tag feed holds whatever
// the viewer may see, minus muted and blocked authors. A dancer's own list shows what the viewer may
// see (a mute does not hide it); a block either way makes the whole list a 404.

type Relation =
  | 'self'
  | 'follower'
  | 'friend'
  | 'friend, not following'
  | 'followed by author'
  | 'stranger'
  | 'blocked by author'
  | 'blocking author'
  | 'muted, following'
  | 'anonymous';

/** In a list: the memory is there. By id: 200. */
const Y = 'shown';
/** In a list: the memory is not there. By id (and its comments, comment, reaction): 404. */
const N = 'hidden';
type Seen = typeof Y | typeof N;
/** A list cell: shown, hidden, or the status of a list answered as a whole with an error. */
type ListCell = Seen | 401 | 404;

type Row = [
  visibility: VisibilityValue,
  relation: Relation,
  byId: Seen,
  home: ListCell,
  publicFeed: ListCell,
  cityFeed: ListCell,
  tagFeed: ListCell,
  userFeed: ListCell,
];

// prettier-ignore
const MATRIX: Row[] = [
  // visibility   relation                  byId home public city tag user
  ['public',    'self',                   Y,   Y,   Y,     Y,   Y,  Y  ],
  ['public',    'follower',               Y,   Y,   Y,     Y,   Y,  Y  ],
  ['public',    'friend',                 Y,   Y,   Y,     Y,   Y,  Y  ],
  ['public',    'friend, not following',  Y,   Y,   Y,     Y,   Y,  Y  ],
  ['public',    'followed by author',     Y,   N,   Y,     Y,   Y,  Y  ],
  ['public',    'stranger',               Y,   N,   Y,     Y,   Y,  Y  ],
  ['public',    'blocked by author',      N,   N,   N,     N,   N,  404],
  ['public',    'blocking author',        N,   N,   N,     N,   N,  404],
  ['public',    'muted, following',       Y,   N,   N,     N,   N,  Y  ],
  ['public',    'anonymous',              Y,   401, Y,     Y,   Y,  Y  ],

  ['followers', 'self',                   Y,   Y,   N,     N,   Y,  Y  ],
  ['followers', 'follower',               Y,   Y,   N,     N,   Y,  Y  ],
  ['followers', 'friend',                 Y,   Y,   N,     N,   Y,  Y  ],
  ['followers', 'friend, not following',  Y,   Y,   N,     N,   Y,  Y  ],
  ['followers', 'followed by author',     N,   N,   N,     N,   N,  N  ],
  ['followers', 'stranger',               N,   N,   N,     N,   N,  N  ],
  ['followers', 'blocked by author',      N,   N,   N,     N,   N,  404],
  ['followers', 'blocking author',        N,   N,   N,     N,   N,  404],
  ['followers', 'muted, following',       Y,   N,   N,     N,   N,  Y  ],
  ['followers', 'anonymous',              N,   401, N,     N,   N,  N  ],

  ['friends',   'self',                   Y,   Y,   N,     N,   Y,  Y  ],
  ['friends',   'follower',               N,   N,   N,     N,   N,  N  ],
  ['friends',   'friend',                 Y,   Y,   N,     N,   Y,  Y  ],
  ['friends',   'friend, not following',  Y,   Y,   N,     N,   Y,  Y  ],
  ['friends',   'followed by author',     N,   N,   N,     N,   N,  N  ],
  ['friends',   'stranger',               N,   N,   N,     N,   N,  N  ],
  ['friends',   'blocked by author',      N,   N,   N,     N,   N,  404],
  ['friends',   'blocking author',        N,   N,   N,     N,   N,  404],
  ['friends',   'muted, following',       N,   N,   N,     N,   N,  N  ],
  ['friends',   'anonymous',              N,   401, N,     N,   N,  N  ],

  ['private',   'self',                   Y,   Y,   N,     N,   Y,  Y  ],
  ['private',   'follower',               N,   N,   N,     N,   N,  N  ],
  ['private',   'friend',                 N,   N,   N,     N,   N,  N  ],
  ['private',   'friend, not following',  N,   N,   N,     N,   N,  N  ],
  ['private',   'followed by author',     N,   N,   N,     N,   N,  N  ],
  ['private',   'stranger',               N,   N,   N,     N,   N,  N  ],
  ['private',   'blocked by author',      N,   N,   N,     N,   N,  404],
  ['private',   'blocking author',        N,   N,   N,     N,   N,  404],
  ['private',   'muted, following',       N,   N,   N,     N,   N,  N  ],
  ['private',   'anonymous',              N,   401, N,     N,   N,  N  ],
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A fresh author, and a viewer related to them as asked (null: anonymous). */
async function setUp(relation: Relation): Promise<{ author: RegisteredUser; viewer: RegisteredUser | null }> {
  const author = await registerUser(t.app);
  if (relation === 'self') return { author, viewer: author };
  if (relation === 'anonymous') return { author, viewer: null };
  const viewer = await registerUser(t.app);
  const db = t.database.db;
  const [a, v] = [author.user.id, viewer.user.id];
  switch (relation) {
    case 'follower':
      await insertFollow(db, v, a);
      break;
    case 'friend':
      await insertFriendship(db, v, a);
      await insertFollow(db, v, a);
      break;
    case 'friend, not following':
      await insertFriendship(db, v, a);
      break;
    case 'followed by author':
      await insertFollow(db, a, v);
      break;
    case 'stranger':
      break;
    case 'blocked by author':
      await insertBlock(db, a, v);
      break;
    case 'blocking author':
      await insertBlock(db, v, a);
      break;
    case 'muted, following':
      await insertFollow(db, v, a);
      await insertMute(db, v, a);
      break;
  }
  return { author, viewer };
}

const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

describe('who sees a memory, where', () => {
  it.each(MATRIX)(
    '%s memory, viewer: %s',
    async (visibility, relation, byId, home, publicFeed, cityFeed, tagFeed, userFeed) => {
      const { author, viewer } = await setUp(relation);
      const city = unique('Ciudad ');
      const tag = unique('vm_');
      const memory = await shareMemory(t.app, author, {
        body: `Tanda de Pugliese #${tag}`,
        visibility,
        city,
      });
      // The author comments first, so the list a viewer gets is known to hold something.
      const authorComment = await t.app.inject({
        method: 'POST',
        url: `/api/v1/memories/${memory.id}/comments`,
        headers: bearer(author.accessToken),
        payload: { body: 'Gracias por la tanda.' },
      });
      expect(authorComment.statusCode).toBe(201);
      const authorCommentId = authorComment.json<{ data: { id: string } }>().data.id;

      const headers = headersFor(viewer);
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers });
      const cell = (res: LightMyRequestResponse, id = memory.id): ListCell => {
        if (res.statusCode === 401 || res.statusCode === 404) return res.statusCode;
        if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
        return idsOf(res).includes(id) ? Y : N;
      };

      const one = await get(`/api/v1/memories/${memory.id}`);
      const comments = await get(`/api/v1/memories/${memory.id}/comments?limit=100`);
      const comment = viewer
        ? await t.app.inject({
            method: 'POST',
            url: `/api/v1/memories/${memory.id}/comments`,
            headers,
            payload: { body: 'Qué lindo.' },
          })
        : undefined;
      const reaction = viewer
        ? await t.app.inject({
            method: 'PUT',
            url: `/api/v1/memories/${memory.id}/reactions/abrazo`,
            headers,
          })
        : undefined;

      const actual = {
        byId: one.statusCode === 200 ? Y : one.statusCode === 404 ? N : one.statusCode,
        home: cell(await get('/api/v1/feed?limit=100')),
        publicFeed: cell(await get('/api/v1/feed/public?limit=100')),
        cityFeed: cell(await get(`/api/v1/cities/${encodeURIComponent(city)}/feed?limit=100`)),
        tagFeed: cell(await get(`/api/v1/tags/${tag}/memories?limit=100`)),
        userFeed: cell(await get(`/api/v1/users/${author.username}/memories?limit=100`)),
        comments: comments.statusCode === 200 ? cell(comments, authorCommentId) : comments.statusCode,
        comment: comment?.statusCode ?? 'anonymous',
        reaction: reaction?.statusCode ?? 'anonymous',
      };
      // Comments and reactions follow the memory itself: 404 wherever GET /memories/:id is a 404.
      const expected = {
        byId,
        home,
        publicFeed,
        cityFeed,
        tagFeed,
        userFeed,
        comments: byId === Y ? Y : 404,
        comment: viewer ? (byId === Y ? 201 : 404) : 'anonymous',
        reaction: viewer ? (byId === Y ? 200 : 404) : 'anonymous',
      };
      expect(actual).toEqual(expected);

      if (byId === Y) expect(one.json<{ data: { id: string } }>().data.id).toBe(memory.id);
      else expect(one.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
    },
  );

  it('refuses anonymous comments and reactions with 401, even on a public memory', async () => {
    const author = await registerUser(t.app);
    const memory = await shareMemory(t.app, author, { body: 'Milonga de domingo', visibility: 'public' });
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/memories/${memory.id}/comments`,
      payload: { body: 'Hola' },
    });
    const reaction = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/memories/${memory.id}/reactions/like`,
    });
    expect([comment.statusCode, reaction.statusCode]).toEqual([401, 401]);
  });
});
