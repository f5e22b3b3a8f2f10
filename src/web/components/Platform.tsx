import type { ReactElement } from 'react';
import type { Platform } from '../../domain/installers.ts';

/**
 * Each platform by the name people write (the domain's `PLATFORM_NAMES`, the same in every
 * language) and a small icon. Typed by the domain's `Platform`: a platform added there without a
 * name and an icon here does not compile. The web may import only types from the domain.
 */
const PLATFORMS: Readonly<Record<Platform, { name: string; icon: ReactElement }>> = {
  windows: {
    name: 'Windows',
    icon: <path d="M2 3.5 7 2.8v4.7H2zm6-.8L14 2v5.5H8zM2 8.5h5v4.7l-5-.7zm6 0h6V14l-6-.8z" />,
  },
  macos: {
    name: 'macOS',
    icon: (
      <path d="M10.6 1c.1.9-.3 1.7-.8 2.3-.5.6-1.3 1-2 .9-.1-.8.3-1.7.8-2.2.5-.6 1.3-1 2-1zM13.4 11.2c-.4.8-.6 1.2-1.1 1.9-.7 1-1.6 2.2-2.8 2.2-1 0-1.3-.7-2.6-.7s-1.7.7-2.7.7c-1.1 0-2-1.1-2.7-2.1C-.3 10.4-.5 7.2.6 5.5c.8-1.2 2-1.9 3.2-1.9s2 .7 3 .7 1.6-.7 3-.7c1.1 0 2.2.6 3 1.6-2.6 1.4-2.2 5.1.6 6z" />
    ),
  },
  linux: {
    name: 'Linux',
    icon: (
      <path d="M8 1C6.3 1 5.3 2.4 5.3 4.3c0 1.2-.9 2.3-1.7 3.6C2.7 9.4 2.3 11 3 12.3c-.7.3-1.3.8-1 1.4.4.7 2 .6 3 1.1.8.4 1.7.3 2-.3h2c.3.6 1.2.7 2 .3 1-.5 2.6-.4 3-1.1.3-.6-.3-1.1-1-1.4.7-1.3.3-2.9-.6-4.4-.8-1.3-1.7-2.4-1.7-3.6C10.7 2.4 9.7 1 8 1zm-1.2 3a.6.8 0 1 1 0 1.6.6.8 0 0 1 0-1.6zm2.4 0a.6.8 0 1 1 0 1.6.6.8 0 0 1 0-1.6zM8 6.2l1.4.8L8 8 6.6 7z" />
    ),
  },
  android: {
    name: 'Android',
    icon: (
      <path d="M3 6h10v6a1 1 0 0 1-1 1h-1v2h-1.5v-2h-3v2H5v-2H4a1 1 0 0 1-1-1zm-2 .5a.8.8 0 0 1 1.5 0v4a.8.8 0 0 1-1.5 0zm12.5 0a.8.8 0 0 1 1.5 0v4a.8.8 0 0 1-1.5 0zM3 5.3C3.2 3.6 4.4 2.3 6 1.8L5.2.6l.4-.3.9 1.3a5 5 0 0 1 2.9 0L10.3.3l.4.3-.8 1.2c1.6.5 2.8 1.8 3 3.5zM6 3.3a.5.5 0 1 0 0 1 .5.5 0 0 0 0-1zm4 0a.5.5 0 1 0 0 1 .5.5 0 0 0 0-1z" />
    ),
  },
  ios: {
    name: 'iOS',
    icon: (
      <path d="M5 1h6a1.5 1.5 0 0 1 1.5 1.5v11A1.5 1.5 0 0 1 11 15H5a1.5 1.5 0 0 1-1.5-1.5v-11A1.5 1.5 0 0 1 5 1zm0 1.5v10h6v-10zM8 13.2a.6.6 0 1 0 0 1.2.6.6 0 0 0 0-1.2z" />
    ),
  },
};

export function isPlatform(value: string): value is Platform {
  return Object.hasOwn(PLATFORMS, value);
}

/** A platform's name as people write it ("macOS"); an unknown one as the device reported it. */
export function platformName(platform: string): string {
  return isPlatform(platform) ? PLATFORMS[platform].name : platform;
}

/** The platform's icon and name, e.g. on a device card or beside a device to choose. */
export function PlatformName({ platform }: { platform: string }) {
  if (!isPlatform(platform)) return <span className="platform">{platform}</span>;
  return (
    <span className="platform" data-platform={platform}>
      <svg
        viewBox="0 0 16 16"
        width="16"
        height="16"
        aria-hidden="true"
        focusable="false"
        fill="currentColor"
      >
        {PLATFORMS[platform].icon}
      </svg>
      {PLATFORMS[platform].name}
    </span>
  );
}
