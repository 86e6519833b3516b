import { useErrorMessage, type ErrorKeys } from '../api/errors';

/** An API failure as a sentence in the user's language, announced to screen readers. */
export function ErrorNotice({ error, overrides }: { error: unknown; overrides?: ErrorKeys }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    // Focusable by script, so a form can lead the user to it.
    <p className="notice notice-error" role="alert" tabIndex={-1}>
      {message(error, overrides)}
    </p>
  );
}
