import type { ReactNode } from 'react';
import type { MemoryVisibilityValue } from '../../../contract/social.ts';

// The feed's own line icons, drawn like ui/icons.tsx (24 px grid, currentColor); decorative.

function Icon({ children, small = false }: { children: ReactNode; small?: boolean }) {
  return (
    <svg
      className={small ? 'icon feed-icon--sm' : 'icon'}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const ReactIcon = () => (
  <Icon>
    <path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z" />
  </Icon>
);

export const PinIcon = () => (
  <Icon small>
    <path d="M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z" />
    <circle cx="12" cy="10" r="2.3" />
  </Icon>
);

const visibilityPaths: Record<MemoryVisibilityValue, ReactNode> = {
  public: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.5 2.6 2.5 14.4 0 17M12 3.5c-2.5 2.6-2.5 14.4 0 17" />
    </>
  ),
  followers: (
    <>
      <circle cx="9" cy="9" r="3.2" />
      <path d="M3.5 19c1-3.2 3-4.8 5.5-4.8s4.5 1.6 5.5 4.8M15.5 6.2a3 3 0 0 1 0 5.6M17.5 14.6c1.4.7 2.4 2.2 3 4.4" />
    </>
  ),
  friends: (
    <>
      <path d="M8.5 18s-5-3.1-5-7a2.8 2.8 0 0 1 5-1.8 2.8 2.8 0 0 1 5 1.8c0 3.9-5 7-5 7z" />
      <path d="M15.5 6.5a2.8 2.8 0 0 1 5 1.8c0 2.6-2.2 4.9-3.8 6.2" />
    </>
  ),
  group: (
    <>
      <circle cx="12" cy="7.5" r="2.6" />
      <circle cx="5.5" cy="11" r="2.1" />
      <circle cx="18.5" cy="11" r="2.1" />
      <path d="M7.5 20c.6-3.3 2.2-5 4.5-5s3.9 1.7 4.5 5M2.5 19c.4-2 1.4-3.2 3-3.5M21.5 19c-.4-2-1.4-3.2-3-3.5" />
    </>
  ),
  private: (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="2" />
      <path d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5" />
    </>
  ),
};

export const VisibilityIcon = ({ visibility }: { visibility: MemoryVisibilityValue }) => (
  <Icon small>{visibilityPaths[visibility]}</Icon>
);
