import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../api/client';
import type { PhoneSwitch, VideoAvailability } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Whether this server has video calls at all (a LiveKit server); the quick start has none. */
export function useVideoAvailable(): boolean | undefined {
  const available = useQuery({
    queryKey: ['video', 'available'],
    queryFn: () => request<VideoAvailability>('/api/public/video'),
    staleTime: Infinity,
  });
  return available.data?.videoAvailable;
}

/**
 * "Switch to a phone call" in one step: the appointment has no video any more, the client's page
 * says the counsellor will call, and the number to call is shown.
 */
export function SwitchToPhone({
  appointmentId,
  label,
  onSwitched,
}: {
  appointmentId: string;
  label: string;
  /** Where the number to call is shown when this button goes away with its list entry. */
  onSwitched?: (phone: string) => void;
}) {
  const { t } = useTranslation('staff');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const switchToPhone = useMutation({
    mutationFn: () =>
      call<PhoneSwitch>(`/api/appointments/${appointmentId}/video/switch-to-phone`, {
        method: 'POST',
      }),
    onSuccess: async ({ phone }) => {
      onSwitched?.(phone);
      await queryClient.invalidateQueries({ queryKey: ['video', 'waiting'] });
    },
  });
  if (switchToPhone.data && !onSwitched) {
    return (
      <p className="notice" role="status">
        {t('video.switched', { phone: switchToPhone.data.phone })}
      </p>
    );
  }
  const error = switchToPhone.error;
  const noPhone =
    error instanceof ApiError &&
    (error.body as { code?: unknown } | null)?.code === 'no_phone_number';
  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={switchToPhone.isPending}
        onClick={() => switchToPhone.mutate()}
      >
        {label}
      </button>
      {noPhone ? (
        <p className="notice notice-error" role="alert">
          {t('video.noPhone')}
        </p>
      ) : (
        <ErrorNotice error={error} />
      )}
    </>
  );
}
