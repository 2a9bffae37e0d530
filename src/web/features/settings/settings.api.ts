import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import type { ChangeEmailBody, Me, Session, UpdateMeBody } from '../../../contract/auth.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { getData, getPage, request, type Page } from '../../lib/api.ts';
import { session } from '../../lib/session.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { authKeys } from '../auth/auth.api.ts';

// The account as its owner sees it (GET /me, the private fields included) and what changes it: the
// profile and settings, the password, the email, the signed-in devices, the account itself.

export const settingsKeys = {
  /** Shared with the auth feature, which updates it after onboarding and email verification. */
  me: authKeys.me,
  sessions: () => ['sessions'] as const,
};

type SessionsData = InfiniteData<Page<Session>, string | null>;

function publicPart(me: Me): PublicUser {
  const { email: _email, emailVerified: _v, locale: _l, showPresence: _p, directMessages: _d, ...user } = me;
  return user;
}

/** The account changed: cache it, show the new name in the shell, refresh what shows the dancer elsewhere. */
function accountChanged(queryClient: QueryClient, me: Me): Promise<void> {
  queryClient.setQueryData(settingsKeys.me(), me);
  session.updateUser(publicPart(me));
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) =>
      queryKey[0] !== settingsKeys.me()[0] && (queryKey.includes(me.id) || queryKey.includes(me.username)),
  });
}

export function useMe() {
  const viewer = useViewerId();
  return useQuery({
    queryKey: settingsKeys.me(),
    queryFn: ({ signal }) => getData<Me>('/me', { signal }),
    enabled: viewer !== null,
  });
}

/** Profile, language and privacy: only the fields given change. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => getData<Me>('/me', { method: 'PATCH', body }),
    onSuccess: (me) => accountChanged(queryClient, me),
  });
}

/** The server signs out every other device: the sessions list shrinks. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      request<null>('/me/password', { method: 'PATCH', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.sessions() }),
  });
}

/** The new address is unverified until its mailed link is opened. */
export function useChangeEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeEmailBody) => getData<Me>('/me/email', { method: 'PATCH', body }),
    onSuccess: (me) => {
      queryClient.setQueryData(settingsKeys.me(), me);
    },
  });
}

/** A fresh verification link; "already verified" (409) means the cached account is out of date. */
export function useResendVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => getData<{ accepted: true }>('/auth/email/verify/resend', { method: 'POST' }),
    onError: () => queryClient.invalidateQueries({ queryKey: settingsKeys.me() }),
  });
}

export function useSessions() {
  const viewer = useViewerId();
  return useInfiniteQuery({
    queryKey: settingsKeys.sessions(),
    queryFn: ({ pageParam, signal }) =>
      getPage<Session>('/auth/sessions', { query: { limit: 20, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== null,
  });
}

/** Signs one device out; it leaves the list at once. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<null>(`/auth/sessions/${id}`, { method: 'DELETE' }),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: settingsKeys.sessions() });
      const previous = queryClient.getQueryData<SessionsData>(settingsKeys.sessions());
      if (previous) {
        queryClient.setQueryData<SessionsData>(settingsKeys.sessions(), {
          ...previous,
          pages: previous.pages.map((page) => ({ ...page, data: page.data.filter((s) => s.id !== id) })),
        });
      }
      return { previous };
    },
    onError: (_err, _id, context) => {
      if (context?.previous) queryClient.setQueryData(settingsKeys.sessions(), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.sessions() }),
  });
}

/** Every device, this one included; the caller signs this tab out after. */
export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => request<null>('/auth/logout-all', { method: 'POST', body: {}, withCsrf: true }),
  });
}

/** Deletes the account for good; the caller signs this tab out after. */
export function useDeleteAccount() {
  return useMutation({
    mutationFn: (password: string) => request<null>('/me', { method: 'DELETE', body: { password } }),
  });
}
