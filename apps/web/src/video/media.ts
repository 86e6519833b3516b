import { MediaDeviceFailure } from 'livekit-client';

/** What the person chose before joining; the call starts with these devices. */
export interface MediaChoices {
  /** No camera sent and no video received: for a weak connection. */
  audioOnly: boolean;
  audioDeviceId?: string;
  videoDeviceId?: string;
}

/** Why a camera or microphone could not be used, in words a help text can answer. */
export type DeviceProblem = 'denied' | 'notFound' | 'inUse' | 'unsupported' | 'other';

export function deviceProblem(error: unknown): DeviceProblem {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    return 'unsupported';
  }
  switch (MediaDeviceFailure.getFailure(error)) {
    case MediaDeviceFailure.PermissionDenied:
      return 'denied';
    case MediaDeviceFailure.NotFound:
      return 'notFound';
    case MediaDeviceFailure.DeviceInUse:
      return 'inUse';
    case MediaDeviceFailure.Other:
    case undefined:
      return 'other';
  }
}

/** The browser family, for the "how to allow the camera" help (each one hides it elsewhere). */
export type BrowserFamily = 'ios' | 'safari' | 'firefox' | 'samsung' | 'chrome';

export function browserFamily(userAgent = navigator.userAgent): BrowserFamily {
  if (/iPhone|iPad|iPod/.test(userAgent)) return 'ios';
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/SamsungBrowser\//.test(userAgent)) return 'samsung';
  if (/Safari\//.test(userAgent) && !/Chrome\/|Chromium\//.test(userAgent)) return 'safari';
  return 'chrome';
}

/** The manage link's key from `#token=…` (a fragment never reaches a server or a log). */
export function manageTokenFromHash(hash = window.location.hash): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}
