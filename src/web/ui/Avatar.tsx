interface AvatarProps {
  name: string;
  url?: string | null | undefined;
  size?: 'sm' | 'md' | 'lg';
}

/** A round picture of fixed size, or the initials on a colour derived from the name (no layout shift). */
export function Avatar({ name, url, size = 'md' }: AvatarProps) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => [...part][0]?.toUpperCase() ?? '')
      .join('') || '?';
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  if (url)
    return (
      <img className={`avatar avatar--${size}`} src={url} alt="" width={48} height={48} loading="lazy" />
    );
  return (
    <span className={`avatar avatar--${size} avatar--hue-${hash % 6}`} aria-hidden="true">
      {initials}
    </span>
  );
}
