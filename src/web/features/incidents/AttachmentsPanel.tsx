import { Suspense, lazy } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { fileSize, readBase64 } from '../../components/files';
import { TEXT_PREVIEW_CHARACTERS, previewKind } from './attachment-preview';
import type { Attachment } from '../../../shared/contracts/picture-records';
import './incident-page.css';

// pdf.js is large: it loads only when a PDF is shown.
const PdfFirstPage = lazy(() => import('./PdfFirstPage').then((m) => ({ default: m.PdfFirstPage })));

/** The beginning of a plain-text attachment, shown as text (never as markup). */
function TextPreview({ url, name }: { url: string; name: string }) {
  const { t } = useTranslation();
  const text = useQuery({
    queryKey: ['attachment-text', url],
    queryFn: async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      return (await response.text()).slice(0, TEXT_PREVIEW_CHARACTERS);
    },
    staleTime: Infinity,
    retry: false,
  });
  if (text.error) return <p className="hint">{t('incidentPage.previewFailed')}</p>;
  return (
    <pre className="attachment-preview text" dir="auto" aria-label={t('incidentPage.previewText', { name })} data-testid="text-preview">
      {text.data ?? ''}
    </pre>
  );
}

/** A preview of an attachment from its read-checked download address, by the type detected from its content. */
function Preview({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const url = `/api/attachments/${encodeURIComponent(attachment.id)}`;
  switch (previewKind(attachment.mediaType)) {
    case 'image':
      return (
        <img
          className="attachment-preview image"
          src={url}
          alt={t('incidentPage.previewImage', { name: attachment.fileName })}
          loading="lazy"
          data-testid="image-preview"
        />
      );
    case 'pdf':
      return (
        <Suspense fallback={<progress aria-label={t('incidentPage.loadingPreview')} />}>
          <PdfFirstPage url={url} name={attachment.fileName} />
        </Suspense>
      );
    case 'text':
      return <TextPreview url={url} name={attachment.fileName} />;
    default:
      return <p className="hint">{t('incidentPage.noPreview')}</p>;
  }
}

/** An incident's attachments with previews and as downloads; the originating organisation adds files. */
export function AttachmentsPanel({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const attachments = useQuery({
    queryKey: ['incidents', id, 'attachments'],
    queryFn: () => api<{ items: Attachment[] }>('GET', `/api/incidents/${encodeURIComponent(id)}/attachments`),
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      api<Attachment>('POST', `/api/incidents/${encodeURIComponent(id)}/attachments`, {
        fileName: file.name,
        contentBase64: await readBase64(file),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['incidents', id, 'attachments'] }),
  });
  const items = attachments.data?.items ?? [];
  if (items.length === 0 && !canEdit) return null;
  return (
    <section className="attachments" data-testid="attachments">
      <h2>{t('attachments.title')}</h2>
      {items.length === 0 && <p className="hint">{t('attachments.empty')}</p>}
      <ul>
        {items.map((a) => (
          <li key={a.id} data-testid="attachment">
            <a href={`/api/attachments/${a.id}`} download={a.fileName}>
              {a.fileName}
            </a>{' '}
            <span className="muted">
              {a.mediaType} · {fileSize(a.size)}
            </span>
            <Preview attachment={a} />
          </li>
        ))}
      </ul>
      {canEdit && (
        <label>
          {t('attachments.add')}
          <input
            name="attachment"
            type="file"
            disabled={upload.isPending}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) upload.mutate(file, { onSettled: () => (event.target.value = '') });
            }}
          />
        </label>
      )}
      {upload.isPending && <progress aria-label={t('attachments.uploading')} />}
      <ErrorMessage error={upload.error} />
    </section>
  );
}
