import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localized } from '../admin/api';
import { ConfirmButton } from '../admin/ui';
import { useSession } from '../auth/session';
import { keys, type PlatformOffice } from './api';

/**
 * Suspends an office (clients no longer find or book it, at once; every record stays) or makes it
 * active again, after asking. The caller shows the outcome: onDone gets the office as it now is.
 */
export function OfficeStatusButton({
  office,
  onDone,
  onError,
}: {
  office: PlatformOffice;
  onDone: (office: PlatformOffice) => void;
  onError: (error: unknown) => void;
}) {
  const { t, i18n } = useTranslation('platform');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (status: PlatformOffice['status']) =>
      call<PlatformOffice>(`/api/platform/offices/${office.id}`, {
        method: 'PATCH',
        body: { status },
      }),
    onSuccess: async (changed) => {
      queryClient.setQueryData(keys.office(changed.id), changed);
      await queryClient.invalidateQueries({ queryKey: ['platform'] });
      onDone(changed);
    },
    onError,
  });
  const name = localized(office.name, i18n.language);
  const suspend = office.status === 'active';
  return (
    <ConfirmButton
      label={suspend ? t('status.suspend') : t('status.reactivate')}
      ariaLabel={t(suspend ? 'status.suspendLabel' : 'status.reactivateLabel', { name })}
      question={t(suspend ? 'status.suspendQuestion' : 'status.reactivateQuestion', { name })}
      danger={suspend}
      className={`btn btn-small${suspend ? ' btn-danger' : ''}`}
      disabled={change.isPending}
      onConfirm={() => change.mutate(suspend ? 'suspended' : 'active')}
    />
  );
}
