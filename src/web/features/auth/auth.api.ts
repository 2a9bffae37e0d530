import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuthResult, LoginBody, Me, RegisterBody, UpdateMeBody } from '../../../contract/auth.ts';
import type { PublicUser } from '../../../contract/users.ts';
import { getData, request } from '../../lib/api.ts';
import { session } from '../../lib/session.ts';
import { useViewerId } from '../../lib/use-session.ts';

// Sign-up, log-in, password reset, email verification, the account (GET /me) and the onboarding profile.
// Each mutation touches only what it changes.

export const authKeys = {
  /** The signed-in dancer's account (GET /me), whoever reads it. */
  me: () => ['me'] as const,
};

/**
 * After the dancer's own profile changed (the account itself is set from the answer): any cached query
 * that names them, such as their profile page, whatever feature owns it.
 */
function invalidateOwnProfile(queryClient: QueryClient, user: PublicUser): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) =>
      queryKey[0] !== authKeys.me()[0] && (queryKey.includes(user.id) || queryKey.includes(user.username)),
  });
}

/** The signed-in dancer's account (GET /me): email, whether it is verified, settings. */
export function useAccount() {
  const viewer = useViewerId();
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getData<Me>('/me', { signal }),
    enabled: viewer !== null,
  });
}

/** Signs in with email or username; the server sets the refresh and CSRF cookies. */
export function useLogin() {
  return useMutation({
    mutationFn: (body: Omit<LoginBody, 'refreshIn'>) =>
      getData<AuthResult>('/auth/login', {
        method: 'POST',
        body: { ...body, refreshIn: 'cookie' },
        anonymous: true,
      }),
    onSuccess: (result) => session.signedIn(result),
  });
}

/**
 * Creates the account and signs in. No Idempotency-Key: the server keys those by account, and a
 * repeated sign-up is refused by the unique email anyway.
 */
export function useSignup() {
  return useMutation({
    mutationFn: (body: Omit<RegisterBody, 'refreshIn'>) =>
      getData<AuthResult>('/auth/register', {
        method: 'POST',
        body: { ...body, refreshIn: 'cookie' },
        anonymous: true,
      }),
    onSuccess: (result) => session.signedIn(result),
  });
}

/** Signs this device out, forgets everything cached about the account, and tells the other tabs. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<null>('/auth/logout', { method: 'POST', body: {}, withCsrf: true }),
    onSettled: () => {
      session.signedOut();
      queryClient.clear();
    },
  });
}

/** Mails a reset link; the answer is the same whether or not the address has an account. */
export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      getData<{ accepted: true }>('/auth/password/forgot', {
        method: 'POST',
        body: { email },
        anonymous: true,
      }),
  });
}

/** Sets a new password from a mailed token; the server signs every session out, this one included. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      request<null>('/auth/password/reset', { method: 'POST', body, anonymous: true }),
    onSuccess: () => {
      if (session.get().status === 'signedIn') session.signedOut();
    },
  });
}

/** Confirms the address from a mailed token (works signed in or not). */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      request<null>('/auth/email/verify', { method: 'POST', body: { token }, anonymous: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me() }),
  });
}

/** Mails the signed-in dancer a new verification link. */
export function useResendVerification() {
  return useMutation({
    mutationFn: () => getData<{ accepted: true }>('/auth/email/verify/resend', { method: 'POST' }),
  });
}

/** Onboarding: saves the filled-in profile fields and shows the new name in the shell at once. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => getData<Me>('/me', { method: 'PATCH', body }),
    onSuccess: (me) => {
      queryClient.setQueryData(authKeys.me(), me);
      session.updateUser(me);
      return invalidateOwnProfile(queryClient, me);
    },
  });
}
