import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { uploadDocument } from './api';
import { useSendFailure } from './useSendFailure';
import {
  conversationKey,
  documentName,
  formatSize,
  isAcceptedType,
  uploadsNeeded,
  type ConversationOwner,
} from './logic';
import { imagesToPdf, prepareImage, type PreparedImage } from './photos';
import type { Conversation } from './types';

/** A photographed (or chosen) image on its way: made smaller first, then shown as a thumbnail. */
interface Page {
  id: number;
  status: 'preparing' | 'ready' | 'failed';
  image?: PreparedImage;
  /** Object URL of the prepared image, for the thumbnail. */
  preview?: string;
}

/** A chosen PDF: sent as it is. */
interface PickedFile {
  id: number;
  file: File;
}

type Said = { kind: 'sent'; count: number } | { kind: 'failed'; error: unknown } | null;

let nextId = 1;

/**
 * "Take a photo" (one page after the other, the phone's camera) and "Choose files" (PDF, JPEG,
 * PNG). Photos are made smaller before they leave the phone; several are sent as one PDF unless
 * the client says otherwise. Thumbnails, sizes and the upload's progress are shown.
 */
export function DocumentSender({
  owner,
  documentsLeft,
}: {
  owner: ConversationOwner;
  documentsLeft: number;
}) {
  const { t, i18n } = useTranslation('conversation');
  const queryClient = useQueryClient();
  const failure = useSendFailure();
  const id = useId();
  const camera = useRef<HTMLInputElement>(null);
  const chooser = useRef<HTMLInputElement>(null);
  const [pages, setPages] = useState<Page[]>([]);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [combine, setCombine] = useState(true);
  const [rejected, setRejected] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [said, setSaid] = useState<Said>(null);
  // Pages are prepared one after the other: a phone's memory holds one 12-megapixel photo at a time.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const previews = useRef(new Set<string>());

  useEffect(() => {
    const urls = previews.current;
    return () => {
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, []);

  const language = i18n.language;
  const size = (bytes: number) => formatSize(bytes, language);
  const update = (pageId: number, change: Partial<Page>) =>
    setPages((current) =>
      current.map((page) => (page.id === pageId ? { ...page, ...change } : page)),
    );

  const addImages = (images: File[]) => {
    for (const file of images) {
      const pageId = nextId++;
      setPages((current) => [...current, { id: pageId, status: 'preparing' }]);
      queue.current = queue.current.then(async () => {
        try {
          const image = await prepareImage(file);
          const preview = URL.createObjectURL(image.blob);
          previews.current.add(preview);
          update(pageId, { status: 'ready', image, preview });
        } catch {
          update(pageId, { status: 'failed' });
        }
      });
    }
  };

  const picked = (event: ChangeEvent<HTMLInputElement>, from: 'camera' | 'files') => {
    const chosen = [...(event.target.files ?? [])];
    // The same photo may be chosen again after removing it.
    event.target.value = '';
    setSaid(null);
    // A camera may hand over HEIC or WebP: made into JPEG like any photo.
    const usable = (file: File) =>
      from === 'camera' ? file.type.startsWith('image/') : isAcceptedType(file.type);
    setRejected(chosen.filter((file) => !usable(file)).map((file) => file.name));
    addImages(chosen.filter((file) => usable(file) && file.type.startsWith('image/')));
    if (from === 'files')
      setFiles((current) => [
        ...current,
        ...chosen
          .filter((file) => file.type === 'application/pdf')
          .map((file) => ({ id: nextId++, file })),
      ]);
  };

  const removePage = (page: Page) => {
    if (page.preview) {
      URL.revokeObjectURL(page.preview);
      previews.current.delete(page.preview);
    }
    setPages((current) => current.filter((p) => p.id !== page.id));
    camera.current?.focus();
  };

  const ready = pages.filter((page) => page.status === 'ready' && page.image);
  const preparing = pages.some((page) => page.status === 'preparing');
  const combined = combine && ready.length > 1;
  const needed = uploadsNeeded(ready.length, files.length, combine);
  const total =
    ready.reduce((sum, page) => sum + (page.image?.blob.size ?? 0), 0) +
    files.reduce((sum, picked) => sum + picked.file.size, 0);
  const sending = progress !== null;
  const canSend = needed > 0 && needed <= documentsLeft && !preparing && !sending;

  const send = async () => {
    setSaid(null);
    const at = new Date();
    const uploads: { blob: Blob; name: string; done: () => void }[] = [];
    const sentPages = ready.map((page) => page.id);
    const dropPages = (ids: number[]) => {
      setPages((current) => current.filter((page) => !ids.includes(page.id)));
    };
    try {
      if (combined) {
        const pdf = await imagesToPdf(ready.map((page) => page.image as PreparedImage));
        uploads.push({
          blob: pdf,
          name: documentName('letter', at, 'pdf'),
          done: () => dropPages(sentPages),
        });
      } else {
        ready.forEach((page, index) =>
          uploads.push({
            blob: (page.image as PreparedImage).blob,
            name: documentName('photo', at, 'jpg', ready.length > 1 ? index + 1 : undefined),
            done: () => dropPages([page.id]),
          }),
        );
      }
      for (const picked of files)
        uploads.push({
          blob: picked.file,
          name: picked.file.name,
          done: () => setFiles((current) => current.filter((f) => f.id !== picked.id)),
        });
      const all = uploads.reduce((sum, upload) => sum + upload.blob.size, 0);
      let before = 0;
      setProgress({ sent: 0, total: all });
      for (const upload of uploads) {
        const message = await uploadDocument(owner, upload.blob, upload.name, (sent) =>
          setProgress({ sent: before + Math.min(sent, upload.blob.size), total: all }),
        );
        before += upload.blob.size;
        upload.done();
        queryClient.setQueryData<Conversation>(conversationKey(owner), (current) =>
          current && !current.messages.some((m) => m.id === message.id)
            ? {
                ...current,
                messages: [...current.messages, message],
                limits: {
                  ...current.limits,
                  documentsLeft: Math.max(0, current.limits.documentsLeft - 1),
                },
              }
            : current,
        );
      }
      setSaid({ kind: 'sent', count: uploads.length });
    } catch (error) {
      setSaid({ kind: 'failed', error });
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: conversationKey(owner) });
    } finally {
      setProgress(null);
      void queryClient.invalidateQueries({ queryKey: conversationKey(owner) });
    }
  };

  if (documentsLeft <= 0 && pages.length === 0 && files.length === 0) {
    return (
      <div className="stack documents">
        <h3>{t('documents.title')}</h3>
        <p className="muted">{t('documents.none')}</p>
        <p role="status">{said?.kind === 'sent' ? t('documents.sent') : ''}</p>
      </div>
    );
  }

  return (
    <div className="stack documents" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('documents.title')}</h3>
      <p className="muted">
        {t('documents.hint')} {t('documents.left', { left: documentsLeft })}
      </p>
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={sending}
          onClick={() => camera.current?.click()}
        >
          {pages.length > 0 ? t('documents.takeNext') : t('documents.takePhoto')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={sending}
          onClick={() => chooser.current?.click()}
        >
          {t('documents.choose')}
        </button>
        {/* The pickers themselves stay hidden: the buttons above open them (keyboard, screen reader). */}
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          hidden
          data-picker="camera"
          onChange={(event) => picked(event, 'camera')}
        />
        <input
          ref={chooser}
          type="file"
          accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
          multiple
          hidden
          data-picker="files"
          onChange={(event) => picked(event, 'files')}
        />
      </div>
      {rejected.length > 0 ? (
        <p className="notice notice-error" role="alert">
          {t('documents.unsupported', { names: rejected.join(', ') })}
        </p>
      ) : null}
      {pages.length > 0 ? (
        <ol className="page-list" aria-label={t('documents.pages')}>
          {pages.map((page, index) => (
            <li key={page.id} className="page-item">
              {page.preview ? (
                <img src={page.preview} alt={t('documents.page', { page: index + 1 })} />
              ) : (
                <span className="page-placeholder" aria-hidden="true" />
              )}
              <span className="page-caption">
                {page.status === 'preparing'
                  ? t('documents.preparing', { page: index + 1 })
                  : page.status === 'failed'
                    ? t('documents.photoFailed', { page: index + 1 })
                    : t('documents.pageSize', {
                        page: index + 1,
                        size: size(page.image?.blob.size ?? 0),
                      })}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={sending || page.status === 'preparing'}
                aria-label={t('documents.remove', { page: index + 1 })}
                onClick={() => removePage(page)}
              >
                {t('documents.removeShort')}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {files.length > 0 ? (
        <ul className="file-list">
          {files.map((picked) => (
            <li key={picked.id} className="page-item">
              <span className="page-caption" dir="auto">
                {picked.file.name} · {size(picked.file.size)}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={sending}
                aria-label={t('documents.removeFile', { name: picked.file.name })}
                onClick={() => setFiles((current) => current.filter((f) => f.id !== picked.id))}
              >
                {t('documents.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {ready.length > 1 ? (
        <label className="check">
          <input
            type="checkbox"
            checked={combine}
            disabled={sending}
            onChange={(event) => setCombine(event.target.checked)}
          />{' '}
          {t('documents.combine')}
        </label>
      ) : null}
      {needed > 0 ? (
        <p>
          {t('documents.summary', { documents: needed, size: size(total) })}
          {combined ? ` ${t('documents.combinedHint')}` : ''}
        </p>
      ) : null}
      {needed > documentsLeft ? (
        <p className="notice notice-warning" role="alert">
          {t('documents.overLimit', { left: documentsLeft })}
        </p>
      ) : null}
      {progress ? (
        <div className="stack upload-progress">
          <label htmlFor={`${id}-progress`}>
            {t('documents.uploading', {
              percent: progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0,
              size: size(progress.total),
            })}
          </label>
          <progress id={`${id}-progress`} max={progress.total} value={progress.sent} />
        </div>
      ) : null}
      {said?.kind === 'failed' ? (
        <p className="notice notice-error" role="alert">
          {failure(said.error, 'document')}
        </p>
      ) : null}
      <p
        role="status"
        className={said?.kind === 'sent' ? 'notice notice-success' : 'visually-hidden'}
      >
        {said?.kind === 'sent' ? t('documents.sent') : ''}
      </p>
      {needed > 0 ? (
        <div className="row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canSend}
            onClick={() => void send()}
          >
            {t('documents.send')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
