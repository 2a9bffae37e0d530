import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';
import { useFollow, type FollowTarget } from './profile.api.ts';

export interface FollowButtonProps {
  target: FollowTarget & { displayName: string };
  following: boolean;
  size?: 'md' | 'sm';
  /** "Follow Ana García" instead of "Follow", where many buttons share a screen with other lists. */
  named?: boolean;
  /** The id of the text that says whom the button is about (a row's name). */
  describedBy?: string;
}

/**
 * Follow / Unfollow. The new state shows at once (and everywhere the dancer is listed); a refusal
 * puts it back and says why. Clicks while the last one is on its way are ignored.
 */
export function FollowButton({
  target,
  following,
  size = 'md',
  named = false,
  describedBy,
}: FollowButtonProps) {
  const t = useT();
  const follow = useFollow();
  const name = target.displayName;
  // The visible word stays inside the accessible name (WCAG 2.5.3).
  const ariaLabel = named
    ? t(following ? 'profile.unfollowName' : 'profile.followName', { name })
    : undefined;
  return (
    <Button
      variant={following ? 'secondary' : 'primary'}
      size={size}
      className="profile-follow"
      aria-label={ariaLabel}
      aria-describedby={describedBy}
      busy={follow.isPending}
      disabled={false}
      onClick={() => {
        if (follow.isPending) return;
        follow.mutate(
          { target: { id: target.id, username: target.username }, follow: !following },
          { onError: (err) => toast(errorMessage(t, err), 'error') },
        );
      }}
    >
      {t(following ? 'profile.unfollow' : 'profile.follow')}
    </Button>
  );
}
