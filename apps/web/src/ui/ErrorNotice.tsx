import { useErrorMessage, type ErrorKeys } from '../api/errors';

/** An API failure as a sentence in the user's language, announced to screen readers. */
export function ErrorNotice({ error, overrides }: { error: unknown; overrides?: ErrorKeys }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {message(error, overrides)}
    </p>
  );
}
